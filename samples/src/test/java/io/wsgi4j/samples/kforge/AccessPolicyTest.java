// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.Environ;
import io.wsgi4j.NotFound;
import io.wsgi4j.middleware.dispatch.Decision;
import io.wsgi4j.middleware.dispatch.Target;
import io.wsgi4j.samples.kforge.domain.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {
    @TempDir
    Path data;

    private AccessPolicy policy;

    @BeforeEach
    void site() throws IOException {
        Site site = Site.open(data);
        site.signUp("root", "", "password-1");
        site.signUp("dev", "", "password-1");
        site.signUp("fan", "", "password-1");
        site.createProject("dev", "pub", "", false);
        site.createProject("dev", "priv", "", true);
        site.setMember("priv", "fan", Role.FRIEND);
        site.setMember("pub", "fan", Role.FRIEND);
        policy = new AccessPolicy(site);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource({
        "'',   GET,  service, priv, 404",
        "'',   POST, project, priv, 404",
        "fan,  GET,  service, priv, 200",
        "fan,  POST, service, priv, 403",
        "dev,  POST, service, priv, 200",
        "'',   GET,  service, pub,  200",
        "'',   POST, service, pub,  401",
        "fan,  POST, service, pub,  403",
        "dev,  POST, project, pub,  200",
        "fan,  POST, project, pub,  403",
        "root, POST, project, priv, 200",
        "'',   GET,  admin,   -,    401",
        "dev,  GET,  admin,   -,    403",
        "root, GET,  admin,   -,    200",
        "'',   GET,  service, none, 200",
    })
    void mapsRouteAndMethodToAPermission(String user, String method, String route, String project, int status)
            throws Exception {
        Environ environ = new Environ();
        environ.put(Environ.REQUEST_METHOD, method);
        environ.put(Environ.REMOTE_USER, user);
        Target target = new Target(route, route.equals("admin") ? Map.of() : Map.of("project", project), "",
                NotFound.INSTANCE);

        Decision d = policy.decide(environ, target);

        assertEquals(status, d.allowed() ? 200 : statusOf(d, environ));
    }

    private static int statusOf(Decision d, Environ environ) throws Exception {
        int[] status = {0};
        d.response().call(environ, (s, headers, exc) -> {
            status[0] = s.code();
            return bytes -> { };
        });
        return status[0];
    }
}
