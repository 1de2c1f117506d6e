// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.benchmarks.peers;

import java.util.Map;

/**
 * The wsgi4j servers of the load runs. Filled in once the reference server is on main; until then
 * there are none, and the scripts run the peers alone.
 */
final class Wsgi4jPeers {
    private Wsgi4jPeers() {}

    static void register(Map<String, PeerMain.Peer> peers) {
        // the reference server lands with the server helper's branch
    }
}
