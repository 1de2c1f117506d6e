// SPDX-License-Identifier: Apache-2.0
/**
 * The front-controller pattern of a hosting site: {@link io.wsgi4j.middleware.dispatch.FrontController}
 * resolves a request to a {@link io.wsgi4j.middleware.dispatch.Target}, asks a
 * {@link io.wsgi4j.middleware.dispatch.Policy} for a {@link io.wsgi4j.middleware.dispatch.Decision},
 * and calls the target with SCRIPT_NAME moved to its mount point.
 *
 * @since 0.1
 */
package io.wsgi4j.middleware.dispatch;
