// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import java.nio.charset.StandardCharsets;

/**
 * A small HTML site for the test client's form, link and transport tests: pages with forms and links,
 * and echo endpoints that answer what arrived (method, query, cookie, content type and raw body).
 */
public final class PagesApp {
    /** The application; {@code io.wsgi4j.testing.PagesApp::APP} for {@code @WsgiTest}. */
    public static final Application APP = PagesApp::call;

    static final String FORM_PAGE = """
            <!doctype html><html><body>
            <form id="other" action="/elsewhere"><input name="q"></form>
            <form id="edit" name="editor" method="post" action="submit?from=form">
              <input type="hidden" name="csrf" value="tok-1">
              <input name="title" value="Draft">
              <textarea name="body">Hello
            world</textarea>
              <select name="kind"><option>a</option><option value="bee" selected>b</option></select>
              <select name="size"><option value="s">small</option><option value="m">medium</option></select>
              <input type="checkbox" name="notify" value="yes" checked>
              <input type="checkbox" name="public">
              <input type="radio" name="color" value="red"><input type="radio" name="color" value="blue" checked>
              <input name="locked" value="no" disabled>
              <input type="file" name="attachment">
              <button type="submit" name="save" value="Save">Save</button>
              <input type="submit" name="preview" value="Preview">
            </form>
            <form id="search" action="/find?stale=1"><input name="q" value="start"></form>
            <form id="upload" method="post" action="/submit" enctype="multipart/form-data">
              <input type="hidden" name="csrf" value="tok-2">
            </form>
            </body></html>
            """;

    static final String LINKS_PAGE = """
            <html><body><p>
            <a href="/form#top">Edit
               the   page</a>
            <a href="find?q=x y">Find</a>
            <a name="anchor">No href</a>
            </p></body></html>
            """;

    private PagesApp() {
    }

    private static Iterable<byte[]> call(Environ env, io.wsgi4j.StartResponse sr) throws Exception {
        String path = env.pathInfo();
        switch (path) {
            case "/form" -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/html; charset=utf-8",
                        "Set-Cookie", "session=s1; Path=/"));
                return Body.of(FORM_PAGE);
            }
            case "/links" -> {
                sr.start("200 OK", Headers.of("Content-Type", "text/html"));
                return Body.of(LINKS_PAGE);
            }
            case "/go" -> {
                sr.start("303 See Other", Headers.of("Location", "/form", "Content-Type", "text/plain"));
                return Body.of("see /form");
            }
            case "/cut" -> {
                // the body fails after its first chunk: a server cuts the response short (R5.4)
                sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
                return () -> new java.util.Iterator<byte[]>() {
                    private boolean first = true;

                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        if (first) {
                            first = false;
                            return "part one\n".getBytes(StandardCharsets.UTF_8);
                        }
                        throw new IllegalStateException("the body failed midway");
                    }
                };
            }
            default -> {
                byte[] body = env.input().readAllBytes();
                sr.start("200 OK", Headers.of("Content-Type", "text/plain; charset=utf-8", "X-Path", path));
                return Body.of(env.requestMethod() + " " + path + "?" + env.queryString()
                        + "\ncookie=" + env.get("HTTP_COOKIE")
                        + "\ntype=" + env.get(Environ.CONTENT_TYPE)
                        + "\n" + new String(body, StandardCharsets.UTF_8));
            }
        }
    }
}
