// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorPageTest {
    private final StartResponse sr = mock(StartResponse.class);
    private final IllegalStateException failure = new IllegalStateException("secret detail");

    private String render(ErrorPage page, Environ env) {
        return new String(Body.toBytes(page.call(env, sr)), StandardCharsets.UTF_8);
    }

    private Environ failed() {
        Environ env = new EnvironBuilder().target("/x").build();
        env.put(Environ.ERROR, failure);
        return env;
    }

    @Test
    void thePlainPageSaysOnly500AndPassesTheFailureAsExcInfo() {
        String text = render(ErrorPage.PLAIN, failed());
        assertEquals("500 Internal Server Error\n", text);
        assertFalse(text.contains("secret detail"));
        verify(sr).start(eq(Status.INTERNAL_SERVER_ERROR), eq(Headers.of("Content-Type", "text/plain; charset=utf-8")),
                org.mockito.ArgumentMatchers.same(failure));
    }

    @Test
    void theDebugPageShowsTheTraceAndTheEnvironsStrings() {
        String text = render(ErrorPage.DEBUG, failed());
        assertTrue(text.startsWith("500 Internal Server Error\n\njava.lang.IllegalStateException: secret detail"), text);
        assertTrue(text.contains("  PATH_INFO=/x\n"), text);
        assertFalse(text.contains("wsgi.input="), "only string values are listed");
    }

    @Test
    void withoutAFailureInTheEnvironTheStartHasNoExcInfo() {
        render(ErrorPage.PLAIN, new EnvironBuilder().build());
        verify(sr).start(eq(Status.INTERNAL_SERVER_ERROR), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.isNull());
    }

    @Test
    void theTwoPagesPrintTheirNames() {
        assertEquals("ErrorPage.PLAIN", ErrorPage.PLAIN.toString());
        assertEquals("ErrorPage.DEBUG", ErrorPage.DEBUG.toString());
    }
}
