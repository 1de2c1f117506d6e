// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A person using KForge over real HTTP (java.net.http), with cookies and CSRF tokens from the pages. */
final class WebUser {
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10)).build();
    private volatile String base;

    WebUser(String base) {
        this.base = base;
    }

    void moveTo(String newBase) {
        this.base = newBase;
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    String token(String formPage) throws IOException, InterruptedException {
        HttpResponse<String> page = get(formPage, "text/html");
        Matcher m = TOKEN.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError(formPage + " (" + page.statusCode() + ") has no CSRF token:\n" + page.body());
        }
        return m.group(1);
    }

    /** Posts a urlencoded form; the token comes from the caller (reuse one per session to keep bursts fast). */
    HttpResponse<String> post(String path, String token, String... namesAndValues)
            throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("csrf_token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append('&').append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }
}
