// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import io.wsgi4j.Environ;
import io.wsgi4j.middleware.dispatch.Decision;
import io.wsgi4j.middleware.dispatch.Policy;
import io.wsgi4j.middleware.dispatch.Target;
import io.wsgi4j.samples.kforge.domain.Permission;
import io.wsgi4j.samples.kforge.domain.Project;
import io.wsgi4j.samples.kforge.web.FriendlyErrors;
import io.wsgi4j.samples.kforge.web.Refusals;
import java.util.Objects;
import java.util.Set;

/**
 * The front controller's policy: maps each target and method to a permission and asks the
 * {@link io.wsgi4j.samples.kforge.access.AccessController}.
 *
 * <table>
 *   <caption>Permission needed</caption>
 *   <tr><th>route</th><th>GET, HEAD</th><th>other methods</th></tr>
 *   <tr><td>{@code service}: /projects/{project}/{service}/...</td><td>view</td><td>edit</td></tr>
 *   <tr><td>{@code project}: /projects/{project}/...</td><td>view</td><td>admin</td></tr>
 *   <tr><td>{@code admin}: /admin/...</td><td>site-wide admin</td><td>site-wide admin</td></tr>
 * </table>
 *
 * <p>A refusal is 401 for the guest and 403 for a logged-in person ({@link Refusals}); a private
 * project answers 404, as if it did not exist, to anyone who may not view it.
 *
 * @since 0.1
 */
public final class AccessPolicy implements Policy {
    private static final Set<String> READS = Set.of("GET", "HEAD");

    private final Site site;

    /**
     * Creates the policy over a site.
     *
     * @param site the site whose projects and access controller decide
     * @since 0.1
     */
    public AccessPolicy(Site site) {
        this.site = Objects.requireNonNull(site, "site");
    }

    @Override
    public Decision decide(Environ environ, Target target) {
        String viewer = Site.viewer(environ);
        boolean read = READS.contains(environ.requestMethod());
        if (target.route().equals(KForge.ADMIN_ROUTE)) {
            return answer(site.access().decideSiteWide(viewer, Permission.ADMIN), "only site administrators may use"
                    + " /admin");
        }
        Project project = site.projects().get(target.args().get("project")).orElse(null);
        if (project == null) {
            return Decision.allow(); // the target answers 404 itself
        }
        if (project.isPrivate() && site.access().decide(viewer, project, Permission.VIEW)
                != io.wsgi4j.samples.kforge.access.Decision.ALLOW) {
            // a private project is visible to its members only: to anyone else it is not there at all,
            // the same 404 as a project that does not exist, so a name cannot be probed for existence
            return Decision.respond(FriendlyErrors::notFound);
        }
        Permission needed = read ? Permission.VIEW
                : target.route().equals(KForge.SERVICE_ROUTE) ? Permission.EDIT : Permission.ADMIN;
        return answer(site.access().decide(viewer, project, needed),
                "you may not " + needed.name().toLowerCase(java.util.Locale.ROOT) + " in project " + project.name());
    }

    private static Decision answer(io.wsgi4j.samples.kforge.access.Decision decision, String reason) {
        return decision == io.wsgi4j.samples.kforge.access.Decision.ALLOW
                ? Decision.allow()
                : Decision.respond(Refusals.page(decision, reason));
    }

    @Override
    public String toString() {
        return "AccessPolicy[view/edit/admin by project role]";
    }
}
