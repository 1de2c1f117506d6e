// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Application;
import io.wsgi4j.Environ;
import io.wsgi4j.UrlMap;
import io.wsgi4j.middleware.session.Sessions;
import io.wsgi4j.middleware.session.SignedCookieStore;
import java.nio.charset.StandardCharsets;

/**
 * Mounts a service application on its own at an arbitrary prefix, with only a session in front (its
 * forms need one for their CSRF token) and a fixed REMOTE_USER: no KForge, no projects, no access control.
 */
public final class ServiceHarness {
    private static final byte[] KEY = "service-harness-key-0123456789ab".getBytes(StandardCharsets.US_ASCII);

    private ServiceHarness() {}

    public static Application mount(String prefix, Application service, String remoteUser) {
        Application mapped = UrlMap.builder().mount(prefix, service).build();
        Application withUser = (Environ environ, io.wsgi4j.StartResponse startResponse) -> {
            if (remoteUser != null) {
                environ.put(Environ.REMOTE_USER, remoteUser);
            }
            return mapped.call(environ, startResponse);
        };
        return Sessions.builder(SignedCookieStore.of(KEY)).secure(false).build().wrap(withUser);
    }
}
