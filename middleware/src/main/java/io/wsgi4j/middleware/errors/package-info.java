// SPDX-License-Identifier: Apache-2.0
/**
 * Error handling: {@link io.wsgi4j.middleware.errors.ErrorCatcher} turns exceptions into the page an
 * {@link io.wsgi4j.middleware.errors.ErrorPages} application renders, or lets the server abort when the
 * response has already begun.
 *
 * @since 0.1
 */
package io.wsgi4j.middleware.errors;
