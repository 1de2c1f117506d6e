// SPDX-License-Identifier: Apache-2.0
/**
 * The shared request algorithm every transport runs ({@link io.wsgi4j.handler.BaseHandler}), the
 * environ every transport builds ({@link io.wsgi4j.handler.EnvironBuilder}) and the default 500 page
 * ({@link io.wsgi4j.handler.ErrorPage}).
 *
 * <p>Unless a method says otherwise, a null argument throws {@link java.lang.NullPointerException}
 * naming the parameter; this is not repeated on every method.
 *
 * @since 0.1
 */
package io.wsgi4j.handler;
