// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.dispatch;

import io.wsgi4j.Environ;

/**
 * The access-control hook a {@link FrontController} runs after resolving a target and before
 * dispatching to it.
 *
 * <pre>{@code
 * Policy members = (environ, target) -> {
 *     String user = environ.remoteUser();
 *     if (user == null) return Decision.unauthorized("Basic realm=\"kforge\"");
 *     return acl.may(user, target.args().get("project")) ? Decision.allow() : Decision.forbidden("not a member");
 * };
 * }</pre>
 *
 * <p>The policy sees the environ as the front controller got it (SCRIPT_NAME not yet moved). It may
 * add keys (for example REMOTE_USER after checking a session) for the target to read.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface Policy {

    /**
     * Decides whether the request may reach {@code target}.
     *
     * @throws Exception anything; it propagates like an application's exception
     * @since 0.1
     */
    Decision decide(Environ environ, Target target) throws Exception;

    /**
     * The policy that allows everything (the default).
     *
     * @since 0.1
     */
    static Policy allowAll() {
        return AllowAll.INSTANCE;
    }
}

/** The default policy, printable. */
enum AllowAll implements Policy {
    INSTANCE;

    @Override
    public Decision decide(Environ environ, Target target) {
        return Decision.allow();
    }

    @Override
    public String toString() {
        return "Policy.allowAll()";
    }
}
