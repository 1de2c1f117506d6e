// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.servlet;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ServletInputTest {
    private static ServletInput over(byte[] body) throws IOException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getInputStream()).thenReturn(stream);
        return new ServletInput(request);
    }

    /** As on every host: a kept stream refuses reads (R1.2), and closing it, as try-with-resources does, is quiet. */
    @Test
    void anEndedStreamRefusesReadsAndClosesQuietly() throws IOException {
        ServletInput input = over(new byte[] {1, 2});
        assertEquals(1, input.read());
        input.end();
        assertThrows(IllegalStateException.class, input::read);
        assertDoesNotThrow(input::close);
    }
}
