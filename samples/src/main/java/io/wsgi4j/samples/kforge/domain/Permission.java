// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.domain;

/**
 * What a person may do inside a project: read it, change it, or manage it.
 *
 * @since 0.1
 */
public enum Permission {
    /** Read pages, tickets and files. */
    VIEW,
    /** Create and change pages, tickets and files. */
    EDIT,
    /** Manage the project itself: members, settings. */
    ADMIN
}
