// SPDX-License-Identifier: Apache-2.0
/**
 * Pieces the middleware share that are not API: {@link io.wsgi4j.middleware.internal.BuilderCode}
 * writes each middleware's {@code toString()} in the one format of the catalogue. May change in any
 * release.
 *
 * @since 0.2
 */
package io.wsgi4j.middleware.internal;
