// SPDX-License-Identifier: Apache-2.0
/**
 * Rewriting responses: the building blocks for middleware that change a response on its way out
 * ({@link io.wsgi4j.middleware.response.HeldResponse}, {@link
 * io.wsgi4j.middleware.response.ResponseStart}, {@link io.wsgi4j.middleware.response.BodyFilter}) and
 * the framing middleware built on them ({@link io.wsgi4j.middleware.response.ContentLength}, {@link
 * io.wsgi4j.middleware.response.Head}).
 *
 * @since 0.2
 */
package io.wsgi4j.middleware.response;
