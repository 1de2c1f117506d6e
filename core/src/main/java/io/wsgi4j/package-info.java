// SPDX-License-Identifier: Apache-2.0
/**
 * The protocol: an {@link io.wsgi4j.Application} takes an {@link io.wsgi4j.Environ} and a
 * {@link io.wsgi4j.StartResponse} and returns its body as an {@code Iterable<byte[]>}; a
 * {@link io.wsgi4j.Middleware} is an application wrapping another. SPEC.md at the repository root is
 * the normative text; this package depends on the JDK alone.
 *
 * <p>Unless a method says otherwise, a null argument throws {@link java.lang.NullPointerException}
 * naming the parameter; this is not repeated on every method.
 *
 * @since 0.1
 */
package io.wsgi4j;
