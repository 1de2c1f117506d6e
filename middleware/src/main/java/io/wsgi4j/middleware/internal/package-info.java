// SPDX-License-Identifier: Apache-2.0
/**
 * Pieces the middleware share that are not API: {@link io.wsgi4j.middleware.internal.BuilderCode}
 * writes each middleware's {@code toString()} in the one format of the catalogue; {@link
 * io.wsgi4j.middleware.internal.Ascii} and {@link io.wsgi4j.middleware.internal.HeaderLists} serve the
 * allocation-free fast paths of responses a middleware only adds a header to (HeaderLists also says when a
 * header list is edited in place); {@link io.wsgi4j.middleware.internal.Hex} writes random ids as hex; {@link
 * io.wsgi4j.middleware.internal.VaryList} adds a field name to a response's Vary lines; {@link
 * io.wsgi4j.middleware.internal.NotModified} tells an outer Gzip what the 200 behind a 304 was. May
 * change in any release.
 *
 * @since 0.2
 */
package io.wsgi4j.middleware.internal;
