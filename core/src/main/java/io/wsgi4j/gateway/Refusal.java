// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.gateway;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;

/**
 * The answer a gateway gives instead of calling the application: a request over one of its limits,
 * or CGI variables from the web server that no environ can hold (SPEC.md section 2).
 */
final class Refusal implements Application {
    private final Status status;
    private final String message;

    private Refusal(Status status, String message) {
        this.status = status;
        this.message = message;
    }

    /** 400 for a variable the web server sent that breaks the contract; {@code problem} names it. */
    static Refusal badVariable(String problem) {
        return new Refusal(Status.of(400), "400 Bad Request: " + problem + "\n");
    }

    static Refusal body(long declared, long limit) {
        return new Refusal(Status.of(413), "413 Content Too Large: the request body of " + declared
                + " bytes exceeds this gateway's limit of " + limit + " bytes\n");
    }

    /**
     * The answer a request gets instead of the application, judged from its variables alone: 400 for a
     * variable that breaks the contract, 413 for a declared body over {@code maxBodyBytes}; null when it
     * goes to the application. Every gateway asks this one question the same way.
     */
    static Refusal of(java.util.Map<String, ?> vars, long declared, long maxBodyBytes) {
        String problem = GatewayEnviron.problem(vars);
        return problem != null ? badVariable(problem) : declared > maxBodyBytes ? body(declared, maxBodyBytes) : null;
    }

    /** Why a request over maxParamsBytes gets 431 ({@link #unreadable}: its variables are never read). */
    static String paramsProblem(long limit) {
        return "the request's CGI variables exceed this gateway's limit of " + limit + " bytes";
    }

    /**
     * The CGI-style response a gateway writes itself for a request it could not read (no environ, no
     * application): the status, a text/plain body naming {@code problem}, its length. The transport
     * tells the observer of it as a refusal.
     */
    static byte[][] unreadable(Status status, String problem) {
        byte[] body = (status.code() + " " + status.reason() + ": " + problem + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("Status: " + status + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new byte[][] {head, body};
    }

    @Override
    public Iterable<byte[]> call(Environ environ, StartResponse startResponse) {
        startResponse.start(status, Headers.of("Content-Type", "text/plain; charset=utf-8"), null);
        return Body.of(message);
    }

    @Override
    public String toString() {
        return "Refusal[" + status + "]";
    }
}
