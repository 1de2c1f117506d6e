// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import io.wsgi4j.Environ;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The request's form: an application/x-www-form-urlencoded or multipart/form-data body.
 *
 * <pre>{@code
 * FormData form = Forms.parse(environ);
 * String title = form.field("title");
 * for (Upload u : form.files("attachments")) { ... }
 * }</pre>
 *
 * <p>Any other Content-Type (or none) gives {@link FormData#EMPTY}. The body is read once and the result
 * cached in the environ under {@link #KEY}. Multipart bodies are streamed: text fields are kept in memory,
 * uploads past {@link Limits#spoolThreshold()} go to temporary files that are deleted when the request
 * ends ({@link RequestScope}) or, without it, when the form is garbage-collected.
 *
 * <p>Errors are {@link RequestException}s: 413 past any of the {@link Limits} (a Content-Length over the
 * limit is refused before reading), 400 for a missing, bad or repeated boundary, a part without a name,
 * part headers with a CR, LF or NUL inside a line, folded lines, or a Content-Disposition parameter given
 * twice, a body that ends inside a part, or bytes that are not UTF-8 under {@link Limits#strictUtf8()}.
 * {@link RequestScope} or {@code ErrorCatcher} in the pipeline answers them with that status; with neither,
 * they are a 500.
 *
 * <p>Text is UTF-8 unless the form has a {@code _charset_} field (its name in any case), which browsers fill with the encoding they
 * submitted the form in (WHATWG HTML; RFC 7578 section 4.6): its other names and values (for multipart, file
 * names too) are then decoded in that charset, and bytes that are not in it become U+FFFD or, under
 * {@code strictUtf8}, a 400. A {@code _charset_} naming no charset this JVM has, or one that does not keep
 * ASCII as is (UTF-16), is a 400 naming it.
 *
 * @since 0.1
 */
public final class Forms {
    /** The environ key of the cached {@link FormData}. @since 0.1 */
    public static final String KEY = "wsgi4j.form";

    private Forms() {}

    /**
     * The form with {@link Limits#DEFAULT}.
     *
     * @throws RequestException 400 or 413 as described on the class
     * @since 0.1
     */
    public static FormData parse(Environ environ) {
        return parse(environ, Limits.DEFAULT);
    }

    /**
     * The form with the given limits (a cached parse is reused whatever its limits).
     *
     * @throws RequestException 400 or 413 as described on the class
     * @throws IllegalStateException if a streaming reader already took the body
     * @since 0.1
     */
    public static FormData parse(Environ environ, Limits limits) {
        Objects.requireNonNull(limits, "limits");
        if (environ.get(KEY) instanceof FormData cached) {
            return cached;
        }
        HeaderParams type = HeaderParams.parse(environ.contentType(), true);
        FormData form;
        if (type.main().equals("application/x-www-form-urlencoded")) {
            byte[] body = RequestBody.bytes(environ, limits.maxFormBytes(), "the form body");
            form = new FormData(UrlEncoded.decode(body, body.length, limits, "the form body"),
                    Map.of(), List.of());
        } else if (type.main().equals("multipart/form-data")) {
            if (type.repeated() != null) {
                // RFC 6838 4.3: an error; a reader taking the other boundary would see another form
                throw RequestException.badRequest("the multipart Content-Type has the parameter "
                        + RequestException.quote(type.repeated()) + " twice");
            }
            form = multipart(environ, Multipart.checkBoundary(type.param("boundary")), limits);
            RequestScope.closeAtEnd(environ, form);
        } else {
            form = FormData.EMPTY;
        }
        environ.put(KEY, form);
        return form;
    }

    private static FormData multipart(Environ environ, String boundary, Limits limits) {
        long declared = RequestBody.declaredLength(environ);
        if (declared > limits.maxBodyBytes()) {
            throw RequestException.tooLarge("the multipart body is " + declared + " bytes, more than the limit of "
                    + limits.maxBodyBytes());
        }
        InputStream in = environ.get(RequestBody.BYTES) instanceof byte[] b
                ? new ByteArrayInputStream(b)
                : RequestBody.take(environ, "Forms (multipart)");
        return Multipart.parse(LimitedInput.of(in, limits.maxBodyBytes(), limit -> {
            throw RequestException.tooLarge("the multipart body is larger than " + limit + " bytes");
        }), boundary, limits);
    }
}
