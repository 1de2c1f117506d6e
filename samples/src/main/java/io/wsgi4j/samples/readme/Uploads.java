// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.readme;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.Pipeline;
import io.wsgi4j.StartResponse;
import io.wsgi4j.middleware.request.FormData;
import io.wsgi4j.middleware.request.Forms;
import io.wsgi4j.middleware.request.RequestScope;
import io.wsgi4j.middleware.request.Upload;

public final class Uploads {
    private static final String PAGE = """
            <!doctype html>
            <title>Send a file</title>
            <form method="post" action="/" enctype="multipart/form-data">
              <label>Your name <input name="name"></label>
              <label>A file <input type="file" name="file"></label>
              <button>Send</button>
            </form>
            """;

    // RequestScope answers a malformed or oversized form with 400/413 and deletes spooled uploads
    public static final Application APP = Pipeline.builder().use(RequestScope.middleware()).run(Uploads::page);

    static Iterable<byte[]> page(Environ environ, StartResponse startResponse) {
        if (!environ.requestMethod().equals("POST")) {
            startResponse.start("200 OK", Headers.of("Content-Type", "text/html; charset=utf-8"));
            return Body.of(PAGE);
        }
        FormData form = Forms.parse(environ);
        Upload file = form.file("file");
        if (file == null) {
            startResponse.start("400 Bad Request", Headers.of("Content-Type", "text/plain"));
            return Body.of("No file: choose one in the form's \"file\" field.");
        }
        startResponse.start("200 OK", Headers.of("Content-Type", "text/plain; charset=utf-8"));
        return Body.of("Thanks " + form.fields().first("name", "stranger") + ", "
                + file.filename() + " has " + file.size() + " bytes.");
    }
}
