// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import java.net.SocketAddress;
import java.util.List;

/**
 * Logs the connections refused for coming from outside the allowed peers: the first one at once, then
 * at most one line a minute counting those since, so a peer that reconnects in a loop (a scanner, a
 * misconfigured web server) cannot fill the disk with one warning per connection.
 */
final class RefusedPeerLog {
    private static final long INTERVAL_NANOS = 60_000_000_000L;

    private final List<String> allowedPeers;
    private long lastLogged;
    private boolean loggedAny;
    private long unlogged;

    RefusedPeerLog(List<String> allowedPeers) {
        this.allowedPeers = allowedPeers;
    }

    /** Called for each refused connection (on the accepting thread; refusals only, never a request's path). */
    synchronized void refused(SocketAddress peer) {
        long now = System.nanoTime();
        if (loggedAny && now - lastLogged < INTERVAL_NANOS) {
            unlogged++;
            return;
        }
        String more = unlogged == 0 ? "" : " (and " + unlogged + " more refused since the last such line)";
        System.getLogger("io.wsgi4j.gateway").log(System.Logger.Level.WARNING,
                "refused a connection from " + peer + ": not in the allowed peers " + allowedPeers
                        + " (allowedPeers, --allowed-peers or FCGI_WEB_SERVER_ADDRS)" + more
                        + "; further refusals are logged at most once a minute");
        loggedAny = true;
        lastLogged = now;
        unlogged = 0;
    }
}
