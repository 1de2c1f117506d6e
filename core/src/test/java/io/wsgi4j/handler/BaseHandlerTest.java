// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Environ;
import io.wsgi4j.ExcInfoException;
import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

class BaseHandlerTest {
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private Environ request(String method, String protocol) {
        return new EnvironBuilder().method(method).target("/").protocol(protocol)
                .errors(new PrintStream(errors, true, StandardCharsets.UTF_8)).build();
    }

    private Environ get(String protocol) {
        return request("GET", protocol);
    }

    private String errorText() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Application streaming(String... chunks) {
        return (env, sr) -> {
            sr.start("200 OK", Headers.of("Content-Type", "text/plain"));
            return () -> java.util.Arrays.stream(chunks).map(BaseHandlerTest::bytes).iterator();
        };
    }

    /** A mocked closeable body that yields {@code chunks}. */
    private static CloseableBody mockBody(String... chunks) {
        CloseableBody body = mock(CloseableBody.class);
        when(body.iterator()).thenAnswer(i -> java.util.Arrays.stream(chunks).map(BaseHandlerTest::bytes).iterator());
        return body;
    }

    private static Application returning(Iterable<byte[]> body) {
        return (env, sr) -> {
            sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
            return body;
        };
    }

    @Nested
    class Framing {
        @Test
        void knownSizeBodyGetsContentLengthAndKeepAlive() {
            RecordingHandler h = new RecordingHandler(true);
            assertEquals(Outcome.KEEP_ALIVE, h.run(returning(Body.of("Hello world!")), get("HTTP/1.1")));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nServer: wsgi4j\r\n\r\n"
                    + "Hello world!", h.text());
        }

        @Test
        void streamedBodyIsChunkedOnHttp11AndCloseDelimitedOn10R5_3() {
            Application app = streaming("ab", "", "c");
            RecordingHandler h11 = new RecordingHandler(true);
            assertEquals(Outcome.KEEP_ALIVE, h11.run(app, get("HTTP/1.1")));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: wsgi4j\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n", h11.text());
            RecordingHandler h10 = new RecordingHandler(true);
            assertEquals(Outcome.CLOSE, h10.run(app, get("HTTP/1.0")));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: wsgi4j\r\nConnection: close\r\n\r\nabc",
                    h10.text());
        }

        @ParameterizedTest(name = "{0} body on {1}, origin server {2} -> {3}")
        @CsvSource({
            "list,     HTTP/1.1, true,  LENGTH",
            "stream,   HTTP/1.1, true,  CHUNKED",
            "stream,   HTTP/1.0, true,  CLOSE",
            "stream,   HTTP/1.1, false, STREAM",
            "declared, HTTP/1.1, true,  LENGTH",
        })
        void theHandlerNotTheApplicationChoosesTheFramingR5_3(String kind, String protocol, boolean origin,
                io.wsgi4j.handler.Framing expected) {
            Application app = switch (kind) {
                case "list" -> returning(Body.of("abc"));
                case "stream" -> streaming("abc");
                default -> (env, sr) -> {
                    sr.start(Status.OK, Headers.of("Content-Length", "3"));
                    return () -> List.of(bytes("abc")).iterator();
                };
            };
            RecordingHandler h = new RecordingHandler(origin);
            h.run(app, get(protocol));
            assertEquals(expected, h.framing());
            assertEquals(3, h.bytesSent());
        }

        @Test
        void aClientAskingToCloseGetsConnectionClose() {
            RecordingHandler h = new RecordingHandler(true);
            Environ env = get("HTTP/1.1");
            env.put("HTTP_CONNECTION", "keep-alive, close");
            assertEquals(Outcome.CLOSE, h.run(returning(Body.of("x")), env));
            assertTrue(h.text().contains("Connection: close\r\n"), h.text());
        }

        @Test
        void headSendsTheHeadersGetWouldGetAndNoBodyR5_3() {
            RecordingHandler h = new RecordingHandler(true);
            assertEquals(Outcome.KEEP_ALIVE, h.run(returning(Body.of("Hello world!")), request("HEAD", "HTTP/1.1")));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nServer: wsgi4j\r\n\r\n",
                    h.text());
        }

        @Test
        void headStopsAskingAStreamedBodyForChunksAfterTheFirst() {
            CloseableBody body = mock(CloseableBody.class);
            int[] asked = {0};
            when(body.iterator()).thenReturn(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    asked[0]++;
                    return bytes("chunk");
                }
            });
            RecordingHandler h = new RecordingHandler(true);
            assertEquals(Outcome.KEEP_ALIVE, h.run(returning(body), request("HEAD", "HTTP/1.1")));
            assertEquals(1, asked[0]);
            verify(body, times(1)).close();
            assertTrue(h.text().endsWith("\r\n\r\n"), h.text());
        }

        @ParameterizedTest
        @CsvSource({"204 No Content", "304 Not Modified"})
        void bodilessStatusesCarryNoBodyEvenWhenTheAppYieldsOneR5_3(String status) {
            RecordingHandler h = new RecordingHandler(true);
            h.run((env, sr) -> {
                sr.start(status, List.of());
                return () -> List.of(bytes("ignored")).iterator();
            }, get("HTTP/1.1"));
            assertEquals("HTTP/1.1 " + status + "\r\nServer: wsgi4j\r\n\r\n", h.text());
        }

        @Test
        void aNoContentResponseDropsTheApplicationsContentLength() {
            // RFC 9110 section 8.6: a client trusting it would take the next response's bytes as this body
            RecordingHandler h = new RecordingHandler(true);
            assertEquals(Outcome.KEEP_ALIVE, h.run((env, sr) -> {
                sr.start("204 No Content", Headers.of("Content-Length", "5", "X-Kept", "yes"));
                return Body.empty();
            }, get("HTTP/1.1")));
            assertEquals("HTTP/1.1 204 No Content\r\nX-Kept: yes\r\nServer: wsgi4j\r\n\r\n", h.text());
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({"GET, yielded", "GET, declared", "HEAD, yielded"})
        void aResetContentResponseHasLengthZeroAndNoContent(String method, String how) {
            // RFC 9110 section 15.3.6: no content in a 205; framed, unlike 204, so a kept connection stays in step
            RecordingHandler h = new RecordingHandler(true);
            Outcome outcome = h.run((env, sr) -> {
                sr.start("205 Reset Content", how.equals("declared") ? Headers.of("Content-Length", "7") : List.of());
                return Body.of("BODY205");
            }, request(method, "HTTP/1.1"));
            assertEquals(Outcome.KEEP_ALIVE, outcome);
            assertEquals("HTTP/1.1 205 Reset Content\r\nContent-Length: 0\r\nServer: wsgi4j\r\n\r\n", h.text());
        }

        @Test
        void aGatewayWritesACgiStatusHeader() {
            RecordingHandler h = new RecordingHandler(false);
            h.run(returning(Body.of("hi")), get("HTTP/1.1"));
            assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi", h.text());
        }
    }

    @Nested
    class HeaderTiming {
        @Test
        void nothingIsSentAtStartResponseOnlyWithTheFirstNonEmptyChunkR5_1() {
            RecordingHandler h = new RecordingHandler(true);
            h.begin(streaming("", "first", "second"), get("HTTP/1.1"));
            assertEquals(0, h.out.size());
            assertFalse(h.headersSent());
            assertTrue(h.step());
            assertTrue(h.headersSent());
            assertTrue(h.text().endsWith("5\r\nfirst\r\n"), h.text());
            assertEquals(1, h.flushes);
            h.finish();
        }

        @Test
        void aClassBasedAppMayStartTheResponseInsideItsIteration() {
            class Lazy implements Iterable<byte[]> {
                private final StartResponse start;

                Lazy(Environ env, StartResponse start) {
                    this.start = start;
                }

                @Override
                public Iterator<byte[]> iterator() {
                    start.start("200 OK", Headers.of("Content-Type", "text/plain"));
                    return List.of(bytes("late")).iterator();
                }
            }
            RecordingHandler h = new RecordingHandler(false);
            assertEquals(Outcome.CLOSE, h.run(Lazy::new, get("HTTP/1.1")));
            assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nlate", h.text());
        }

        @Test
        void eachLazyChunkIsFlushedBeforeTheNextIsAskedForR5_2() {
            RecordingHandler h = new RecordingHandler(false);
            AtomicReference<String> seenByApp = new AtomicReference<>();
            h.run((env, sr) -> {
                sr.start(Status.OK, List.of());
                return () -> new Iterator<>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        if (n == 1) {
                            seenByApp.set(h.out.toString(StandardCharsets.ISO_8859_1) + "|" + h.flushes);
                        }
                        return n < 2;
                    }

                    @Override
                    public byte[] next() {
                        return bytes("c" + n++);
                    }
                };
            }, get("HTTP/1.1"));
            assertEquals("Status: 200 OK\r\n\r\nc0|1", seenByApp.get());
        }

        @Test
        void theWriteCallableSendsHeadersAndDataBeforeItReturnsR5_2() {
            RecordingHandler h = new RecordingHandler(true);
            AtomicReference<String> afterWrite = new AtomicReference<>();
            h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain")).write(bytes("now"));
                afterWrite.set(h.text() + "|" + h.flushes);
                return Body.of("then");
            }, get("HTTP/1.1"));
            assertTrue(afterWrite.get().endsWith("3\r\nnow\r\n|1"), afterWrite.get());
            assertTrue(h.text().endsWith("3\r\nnow\r\n4\r\nthen\r\n0\r\n\r\n"), h.text());
        }

        @Test
        void excInfoReplacesAResponseThatWasNotSent() {
            RecordingHandler h = new RecordingHandler(false);
            h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/html"));
                sr.start(Status.of(503), Headers.of("Retry-After", "5"), new IOException("db down"));
                return Body.of("busy");
            }, get("HTTP/1.1"));
            assertEquals("Status: 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 4\r\n\r\nbusy", h.text());
        }

        @Test
        void excInfoAfterHeadersIsRethrownCheckedOnesWrappedR3_4() {
            IOException checked = new IOException("late");
            IllegalStateException unchecked = new IllegalStateException("late");
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            for (Throwable excInfo : List.of(checked, unchecked)) {
                RecordingHandler h = new RecordingHandler(false);
                Environ env = get("HTTP/1.1");
                Outcome outcome = h.run((e, sr) -> {
                    sr.start(Status.OK, List.of()).write(bytes("sent"));
                    try {
                        sr.start(Status.INTERNAL_SERVER_ERROR, List.of(), excInfo);
                    } catch (RuntimeException ex) {
                        thrown.set(ex);
                        throw ex;
                    }
                    return Body.empty();
                }, env);
                assertEquals(Outcome.ABORTED, outcome);
                if (excInfo == checked) {
                    assertInstanceOf(ExcInfoException.class, thrown.get());
                    assertSame(checked, thrown.get().getCause());
                    assertTrue(thrown.get().getMessage().startsWith("R3.4 "), thrown.get().getMessage());
                } else {
                    assertSame(unchecked, thrown.get());
                }
            }
        }

        @Test
        void aSecondStartWithoutExcInfoIsAnIllegalStateR3_2() {
            RecordingHandler h = new RecordingHandler(false);
            h.run((env, sr) -> {
                sr.start(Status.OK, List.of());
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> sr.start(Status.OK, List.of()));
                assertTrue(e.getMessage().startsWith("R3.2 "), e.getMessage());
                return Body.empty();
            }, get("HTTP/1.1"));
        }
    }

    @Nested
    class Failures {
        @Test
        void theLoggedRequestLineEscapesControlCharactersOfThePath() {
            RecordingHandler h = new RecordingHandler(false);
            Environ env = new EnvironBuilder().method("GET").target("/a%0AWARNING:%20forged").protocol("HTTP/1.1")
                    .errors(new PrintStream(errors, true, StandardCharsets.UTF_8)).build();
            h.run((e, sr) -> {
                throw new IllegalStateException("boom");
            }, env);
            assertTrue(errorText().startsWith("wsgi4j: error while serving GET /a\\x0aWARNING: forged:\n"), errorText());
        }

        @Test
        void exceptionBeforeHeadersBecomesA500PageAndIsLoggedR5_4AndR5_6() {
            RecordingHandler h = new RecordingHandler(false);
            Outcome outcome = h.run((e, sr) -> {
                throw new IllegalStateException("boom");
            }, get("HTTP/1.1"));
            assertEquals(Outcome.CLOSE, outcome);
            assertEquals("Status: 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n"
                    + "Content-Length: 26\r\n\r\n500 Internal Server Error\n", h.text());
            assertTrue(errorText().startsWith("wsgi4j: error while serving GET /:"), errorText());
            assertTrue(errorText().contains("boom"), errorText());
        }

        @Test
        void theDebugErrorPageShowsTheTraceAndTheFailureIsRemovedFromTheEnviron() {
            RecordingHandler h = new RecordingHandler(false);
            h.setErrorPage(ErrorPage.DEBUG);
            Environ env = get("HTTP/1.1");
            h.run((e, sr) -> {
                throw new IllegalStateException("boom");
            }, env);
            assertTrue(h.text().contains("java.lang.IllegalStateException: boom"), h.text());
            assertTrue(h.text().contains("PATH_INFO=/"), h.text());
            assertFalse(env.containsKey(Environ.ERROR));
        }

        @Test
        void anErrorPageThatFailsFallsBackToAPlain500() {
            RecordingHandler h = new RecordingHandler(false);
            h.setErrorPage((env, sr) -> {
                throw new IllegalStateException("page broken");
            });
            h.run((e, sr) -> {
                throw new IllegalStateException("boom");
            }, get("HTTP/1.1"));
            assertTrue(h.text().startsWith("Status: 500 Internal Server Error\r\n"), h.text());
            assertTrue(errorText().contains("page broken"), errorText());
        }

        @Test
        void exceptionAfterHeadersAbortsInsteadOfEndingTheResponseR5_4() {
            RecordingHandler h = new RecordingHandler(true);
            Outcome outcome = h.run((env, sr) -> {
                sr.start(Status.OK, List.of());
                return () -> new Iterator<>() {
                    boolean sent;

                    @Override
                    public boolean hasNext() {
                        if (sent) {
                            throw new IllegalStateException("lost the backend");
                        }
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        sent = true;
                        return bytes("part");
                    }
                };
            }, get("HTTP/1.1"));
            assertEquals(Outcome.ABORTED, outcome);
            assertFalse(h.text().endsWith("0\r\n\r\n"), "a truncated chunked body must not look complete");
        }

        @Test
        void aBodyShorterThanItsContentLengthAbortsR4_6() {
            RecordingHandler h = new RecordingHandler(true);
            Outcome outcome = h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "10"));
                return () -> List.of(bytes("short")).iterator();
            }, get("HTTP/1.1"));
            assertEquals(Outcome.ABORTED, outcome);
            assertTrue(errorText().contains("R4.6 "), errorText());
        }

        @ParameterizedTest
        @CsvSource({"100 Continue", "101 Switching Protocols", "103 Early Hints"})
        void anInformationalFinalStatusBecomesA500SoTheClientIsNotLeftWaitingR3_3(String status) {
            // a 1xx is interim on the wire: the client would wait for the real response and take the next one's
            RecordingHandler h = new RecordingHandler(true);
            h.run((env, sr) -> {
                sr.start(status, Headers.of());
                return Body.empty();
            }, get("HTTP/1.1"));
            assertTrue(h.text().startsWith("HTTP/1.1 500 "), h.text());
            assertTrue(errorText().contains("R3.3 "), errorText());
        }

        @Test
        void aKnownSizeBodyThatContradictsItsContentLengthBecomesA500BeforeAnyHeaderIsSentR4_6() {
            RecordingHandler h = new RecordingHandler(true);
            Outcome outcome = h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "3"));
                return Body.of("hello");
            }, get("HTTP/1.1"));
            assertTrue(h.text().startsWith("HTTP/1.1 500 "), h.text());
            assertFalse(h.text().contains("Content-Length: 3\r\n"), h.text());
            assertEquals(Outcome.KEEP_ALIVE, outcome);
            assertTrue(errorText().contains("R4.6 "), errorText());
        }

        @ParameterizedTest
        @ValueSource(strings = {"lazy body", "write callable"})
        void aFirstChunkLongerThanTheContentLengthBecomesA500BeforeAnyHeaderIsSentR4_6(String how) {
            // nothing is sent yet when the first chunk shows the header wrong: a 500, not a 200 cut off at once
            RecordingHandler h = new RecordingHandler(true);
            Outcome outcome = h.run((env, sr) -> {
                Write w = sr.start(Status.OK, Headers.of("Content-Length", "3"));
                if (how.equals("write callable")) {
                    w.write(bytes("hello"));
                    return Body.empty();
                }
                return () -> List.of(bytes("hello")).iterator();
            }, get("HTTP/1.1"));
            assertTrue(h.text().startsWith("HTTP/1.1 500 "), h.text());
            assertFalse(h.text().contains("Content-Length: 3\r\n"), h.text());
            assertEquals(Outcome.KEEP_ALIVE, outcome);
            assertTrue(errorText().contains("R4.6 "), errorText());
        }

        @Test
        void aFileBodyAfterTheWriteCallableCountsTheBytesAlreadyWrittenR4_6(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("tail.txt"), "defgh");
            RecordingHandler h = new RecordingHandler(true);
            Outcome outcome = h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "8")).write(bytes("abc"));
                return FileBody.open(file);
            }, get("HTTP/1.1"));
            assertEquals("", errorText());
            assertEquals(Outcome.KEEP_ALIVE, outcome);
            assertTrue(h.text().endsWith("\r\n\r\nabcdefgh"), h.text());
        }

        @Test
        void aClientGoneWhileTheErrorPageIsSentIsNotReportedAsASecondFailureR5_5() {
            RecordingHandler h = new RecordingHandler(true);
            h.clientGoneAfter = 0;
            Outcome outcome = h.run((env, sr) -> {
                throw new IllegalStateException("app failed");
            }, get("HTTP/1.1"));
            assertEquals(Outcome.ABORTED, outcome);
            assertTrue(errorText().contains("app failed"), errorText());
            assertFalse(errorText().contains("Broken pipe"), errorText());
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "R3.1 | noStart",
            "R3.6 | hopByHop",
            "R3.6 | statusHeader",
            "R3.7 | badLength",
            "R4.1 | nullBody",
            "R4.2 | nullChunk",
        })
        void brokenRulesBecomeA500NamingTheRule(String rule, String kind) {
            Application app = (env, sr) -> switch (kind) {
                case "noStart" -> Body.empty();
                case "hopByHop" -> {
                    sr.start(Status.OK, Headers.of("Upgrade", "h2c"));
                    yield Body.empty();
                }
                case "badLength" -> {
                    sr.start(Status.OK, Headers.of("Content-Length", "-1"));
                    yield Body.empty();
                }
                case "statusHeader" -> { // the CGI control field: a gateway's web server would read a second status
                    sr.start(Status.OK, Headers.of("Status", "302 Found", "Location", "http://evil.example/"));
                    yield Body.empty();
                }
                case "nullBody" -> {
                    sr.start(Status.OK, List.of());
                    yield null;
                }
                default -> {
                    sr.start(Status.OK, List.of());
                    yield () -> java.util.Arrays.asList((byte[]) null).iterator();
                }
            };
            RecordingHandler h = new RecordingHandler(false);
            h.run(app, get("HTTP/1.1"));
            assertTrue(h.text().startsWith("Status: 500"), h.text());
            assertTrue(errorText().contains(rule + " "), errorText());
        }

        @Test
        void writeBeforeStartIsAnIllegalStateR3_5() {
            RecordingHandler h = new RecordingHandler(false);
            h.run((env, sr) -> {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> ((Write) sr).write(bytes("x")));
                assertTrue(e.getMessage().startsWith("R3.5 "), e.getMessage());
                sr.start(Status.OK, List.of());
                return Body.empty();
            }, get("HTTP/1.1"));
        }

        @Test
        void writeOfNullIsRefusedNamingTheRuleR3_9() {
            RecordingHandler h = new RecordingHandler(false);
            h.run((env, sr) -> {
                Write w = sr.start(Status.OK, Headers.of("Content-Length", "2"));
                NullPointerException e = assertThrows(NullPointerException.class, () -> w.write(null));
                assertTrue(e.getMessage() != null && e.getMessage().startsWith("R3.9 "), e::getMessage);
                return Body.of("ok");
            }, get("HTTP/1.1"));
            assertEquals("Status: 200 OK\r\nContent-Length: 2\r\n\r\nok", h.text());
        }
    }

    @Nested
    class ClosingTheBody {
        @Test
        void theBodyIsClosedOnceAfterTheLastChunkR4_3() {
            CloseableBody body = mockBody("a", "b");
            assertEquals(Outcome.KEEP_ALIVE, new RecordingHandler(true).run(returning(body), get("HTTP/1.1")));
            verify(body, times(1)).close();
        }

        @Test
        void theBodyIsClosedOnceWhenItsIterationThrows() {
            CloseableBody body = mock(CloseableBody.class);
            when(body.iterator()).thenThrow(new IllegalStateException("cursor gone"));
            RecordingHandler h = new RecordingHandler(false);
            h.run(returning(body), get("HTTP/1.1"));
            verify(body, times(1)).close();
            assertTrue(h.text().startsWith("Status: 500"), h.text());
        }

        @Test
        void theBodyIsClosedOnceWhenCloseItselfThrowsAndTheFailureIsLoggedR5_6() {
            CloseableBody body = mockBody("a");
            doThrow(new IllegalStateException("close failed")).when(body).close();
            Outcome outcome = new RecordingHandler(true).run(returning(body), get("HTTP/1.1"));
            verify(body, times(1)).close();
            assertEquals(Outcome.KEEP_ALIVE, outcome); // every byte went out; only the cleanup failed
            assertTrue(errorText().contains("close failed"), errorText());
        }

        @Test
        void theBodyIsClosedOnceWhenTheApplicationFailsAfterHeaders() {
            CloseableBody body = mock(CloseableBody.class);
            when(body.iterator()).thenAnswer(i -> new Iterator<byte[]>() {
                int n;

                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    if (n++ > 0) {
                        throw new IllegalStateException("render failed");
                    }
                    return bytes("head");
                }
            });
            assertEquals(Outcome.ABORTED, new RecordingHandler(true).run(returning(body), get("HTTP/1.1")));
            verify(body, times(1)).close();
        }

        @Test
        void aMiddlewareThatReplacesTheBodyClosesTheOriginalAndTheHandlerClosesTheReplacement() {
            CloseableBody original = mockBody("original");
            CloseableBody replacement = mockBody("replacement");
            Middleware replacing = next -> (env, sr) -> {
                Iterable<byte[]> inner = next.call(env, (status, headers, excInfo) -> null);
                Body.close(inner);
                sr.start(Status.of(503), List.of());
                return replacement;
            };
            RecordingHandler h = new RecordingHandler(false);
            h.run(replacing.wrap(returning(original)), get("HTTP/1.1"));
            verify(original, times(1)).close();
            verify(replacement, times(1)).close();
            assertTrue(h.text().endsWith("replacement"), h.text());
        }

        @Test
        void whenTheClientIsGoneIterationStopsTheBodyIsClosedAndNothingIsLoggedR5_5() {
            CloseableBody body = mock(CloseableBody.class);
            Iterator<byte[]> endless = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return true;
                }

                @Override
                public byte[] next() {
                    return new byte[100];
                }
            };
            when(body.iterator()).thenReturn(endless);
            RecordingHandler h = new RecordingHandler(true);
            h.clientGoneAfter = 250;
            assertEquals(Outcome.ABORTED, h.run(returning(body), get("HTTP/1.1")));
            verify(body, times(1)).close();
            assertEquals("", errorText());
        }

        @Test
        void finishingBeforeTheEndClosesTheBodyAndAborts() {
            CloseableBody body = mockBody("a", "b", "c");
            RecordingHandler h = new RecordingHandler(true);
            h.begin(returning(body), get("HTTP/1.1"));
            assertTrue(h.step());
            assertEquals(Outcome.ABORTED, h.finish());
            verify(body, times(1)).close();
        }
    }

    @Nested
    class EachRequestsOwnCallables {
        @Test
        void aWriteCallableKeptFromTheFirstRequestThrowsInTheSecondAndLeavesItsResponseCleanR1_1() {
            AtomicReference<Write> kept = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            RecordingHandler h = new RecordingHandler(true);
            h.run((env, sr) -> {
                kept.set(sr.start(Status.OK, Headers.of("Content-Type", "text/plain")));
                return Body.of("first");
            }, get("HTTP/1.1"));
            h.out.reset();
            Outcome second = h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                thrown.set(assertThrows(IllegalStateException.class, () -> kept.get().write(bytes("STALE-FROM-FIRST"))));
                return Body.of("second");
            }, get("HTTP/1.1"));
            assertTrue(thrown.get().getMessage().startsWith("R1.1 "), thrown.get().getMessage());
            assertEquals(Outcome.KEEP_ALIVE, second);
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\nServer: wsgi4j\r\n\r\n"
                    + "second", h.text());
            assertEquals("", errorText());
        }

        @Test
        void aStartResponseKeptFromTheFirstRequestThrowsInTheSecondAndCannotReplaceItsStatusR1_1() {
            AtomicReference<StartResponse> kept = new AtomicReference<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            RecordingHandler h = new RecordingHandler(true);
            h.run((env, sr) -> {
                kept.set(sr);
                sr.start(Status.OK, List.of());
                return Body.of("first");
            }, get("HTTP/1.1"));
            h.out.reset();
            h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                thrown.set(assertThrows(IllegalStateException.class, () -> kept.get().start(Status.of(403), List.of(),
                        new IllegalStateException("replace"))));
                return Body.of("second");
            }, get("HTTP/1.1"));
            assertTrue(thrown.get().getMessage().startsWith("R1.1 "), thrown.get().getMessage());
            assertTrue(h.text().startsWith("HTTP/1.1 200 OK\r\n"), h.text());
            assertTrue(h.text().endsWith("\r\n\r\nsecond"), h.text());
        }

        @Test
        void bothCallablesRefuseEveryCallOnceTheResponseEndedEvenBeforeTheNextRequestR1_1() {
            AtomicReference<StartResponse> kept = new AtomicReference<>();
            RecordingHandler h = new RecordingHandler(false);
            h.run((env, sr) -> {
                kept.set(sr);
                sr.start(Status.OK, List.of());
                return Body.empty();
            }, get("HTTP/1.1"));
            IllegalStateException start = assertThrows(IllegalStateException.class,
                    () -> kept.get().start(Status.OK, List.of()));
            assertTrue(start.getMessage().startsWith("R1.1 start_response("), start.getMessage());
            IllegalStateException write = assertThrows(IllegalStateException.class,
                    () -> ((Write) kept.get()).write(bytes("late")));
            assertTrue(write.getMessage().startsWith("R1.1 write()"), write.getMessage());
        }

        @Test
        void everyRequestGetsItsOwnStartResponse() {
            AtomicReference<StartResponse> first = new AtomicReference<>();
            AtomicReference<StartResponse> second = new AtomicReference<>();
            RecordingHandler h = new RecordingHandler(true);
            for (AtomicReference<StartResponse> slot : List.of(first, second)) {
                h.run((env, sr) -> {
                    slot.set(sr);
                    sr.start(Status.OK, List.of());
                    return Body.empty();
                }, get("HTTP/1.1"));
            }
            assertFalse(first.get() == second.get(), "one StartResponse object served two requests");
            assertFalse(first.get() == (Object) h, "the handler itself was handed out as start_response");
        }
    }

    @Nested
    class ContentLengthGivenTwice {
        @ParameterizedTest(name = "Content-Length {0} then {1}, origin server {2}")
        @CsvSource({
            "6, 5, true",
            "6, 5, false",
            "5, 5, true",
            "5, 5, false",
        })
        void becomesA500NamingBothValuesBeforeAnyHeaderIsSentR3_7(String first, String second, boolean origin) {
            RecordingHandler h = new RecordingHandler(origin);
            Outcome outcome = h.run((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", first, "Content-Length", second));
                return Body.of("hello");
            }, get("HTTP/1.1"));
            assertTrue(h.text().startsWith(origin ? "HTTP/1.1 500 " : "Status: 500 "), h.text());
            assertFalse(h.text().contains("Content-Length: " + first + "\r\nContent-Length: " + second), h.text());
            assertFalse(h.text().contains("hello"), h.text());
            assertEquals(origin ? Outcome.KEEP_ALIVE : Outcome.CLOSE, outcome);
            assertTrue(errorText().contains("java.lang.IllegalArgumentException: R3.7 "), errorText());
            assertTrue(errorText().contains(first.equals(second) ? "Content-Length " + first + " twice"
                    : first + " and " + second), errorText());
        }

        @Test
        void startResponseThrowsSoTheApplicationCanStillAnswerR3_7() {
            RecordingHandler h = new RecordingHandler(true);
            h.run((env, sr) -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sr.start(Status.OK,
                        Headers.of("Content-Length", "6", "Content-Type", "text/plain", "Content-Length", "5")));
                assertTrue(e.getMessage().startsWith("R3.7 "), e.getMessage());
                sr.start(Status.OK, Headers.of("Content-Length", "5"));
                return Body.of("hello");
            }, get("HTTP/1.1"));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: wsgi4j\r\n\r\nhello", h.text());
        }
    }

    @Nested
    class HeadersChangedAfterStartResponse {
        @ParameterizedTest(name = "origin server {0}")
        @CsvSource({"true", "false"})
        void goOutAsTheyWereWhenCheckedR3_6AndR3_7(boolean origin) {
            RecordingHandler h = new RecordingHandler(origin);
            h.run((env, sr) -> {
                List<Header> headers = new java.util.ArrayList<>(Headers.of("Content-Type", "text/plain"));
                sr.start(Status.OK, headers);
                // the checks ran in start_response: what the list holds now must not reach the client
                headers.add(Header.of("Content-Length", "999"));
                headers.add(Header.of("Transfer-Encoding", "identity"));
                return () -> List.of(bytes("hello")).iterator();
            }, get("HTTP/1.1"));
            assertEquals(origin ? "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: wsgi4j\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                    : "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nhello", h.text());
        }

        @Test
        void aHandedOverListIsSealedSoAChangeAfterStartResponseFailsInsteadOfGoingOut() {
            RecordingHandler h = new RecordingHandler(true);
            List<String> refused = new java.util.ArrayList<>();
            h.run((env, sr) -> {
                List<Header> headers = new HandedOverHeaders(4);
                headers.add(Header.of("Content-Type", "text/plain"));
                sr.start(Status.OK, headers);
                for (Runnable change : List.<Runnable>of(
                        () -> headers.add(Header.of("Transfer-Encoding", "identity")),
                        () -> headers.set(0, Header.of("Connection", "keep-alive")),
                        () -> headers.remove(0),
                        () -> headers.subList(0, 1).set(0, Header.of("Content-Length", "999")),
                        () -> headers.listIterator().add(Header.of("Content-Length", "999")))) {
                    refused.add(assertThrows(UnsupportedOperationException.class, change::run).getMessage());
                }
                return () -> List.of(bytes("hello")).iterator();
            }, get("HTTP/1.1"));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: wsgi4j\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", h.text());
            assertTrue(refused.get(0).startsWith("R3.6 "), refused.get(0));
        }

        @ParameterizedTest(name = "handed over: {0}")
        @ValueSource(booleans = {false, true})
        void aNullHeaderIsRefusedNamingTheRuleR3_8(boolean handedOver) {
            RecordingHandler h = new RecordingHandler(true);
            h.run((env, sr) -> {
                List<Header> headers = handedOver ? new HandedOverHeaders(2) : new java.util.ArrayList<>();
                headers.add(Header.of("X-A", "1"));
                headers.add(null);
                NullPointerException e = assertThrows(NullPointerException.class, () -> sr.start(Status.OK, headers));
                assertTrue(e.getMessage().startsWith("R3.8 "), e.getMessage());
                sr.start(Status.OK, Headers.of("Content-Length", "2"));
                return Body.of("ok");
            }, get("HTTP/1.1"));
            assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nServer: wsgi4j\r\n\r\nok", h.text());
        }
    }

    @Nested
    class CollectionBodies {
        @ParameterizedTest(name = "{0}")
        @CsvSource({"LinkedList", "LinkedHashSet", "ArrayDeque"})
        void aCollectionThatIsNotARandomAccessListIsIteratedOnceAndStillGetsItsLengthR4_4(String kind) {
            List<byte[]> chunks = List.of(bytes("ab"), bytes(""), bytes("cde"), bytes("f"));
            java.util.Collection<byte[]> body = org.mockito.Mockito.spy(switch (kind) {
                case "LinkedList" -> new java.util.LinkedList<>(chunks);
                case "LinkedHashSet" -> new java.util.LinkedHashSet<>(chunks);
                default -> new java.util.ArrayDeque<>(chunks);
            });
            RecordingHandler h = new RecordingHandler(true);
            assertEquals(Outcome.KEEP_ALIVE, h.run(returning(body), get("HTTP/1.1")));
            verify(body, times(1)).iterator();
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\nServer: wsgi4j\r\n\r\n"
                    + "abcdef", h.text());
            assertEquals("", errorText());
        }

        @Test
        void aSingleUseCollectionIsServedWhole() {
            RecordingHandler h = new RecordingHandler(false);
            assertEquals(Outcome.CLOSE, h.run(returning(new SingleUse("one ", "two ", "three")), get("HTTP/1.1")));
            assertEquals("Status: 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\none two three",
                    h.text());
            assertEquals("", errorText());
        }

        @Test
        void aRandomAccessListIsMeasuredByIndexWithoutASecondIterator() {
            List<byte[]> body = org.mockito.Mockito.spy(new java.util.ArrayList<>(List.of(bytes("ab"), bytes("c"))));
            RecordingHandler h = new RecordingHandler(true);
            h.run(returning(body), get("HTTP/1.1"));
            verify(body, times(1)).iterator();
            assertTrue(h.text().contains("Content-Length: 3\r\n"), h.text());
        }
    }

    /** A collection whose chunks can be read once only, as from a cursor: a second iterator() throws. */
    static final class SingleUse extends java.util.AbstractCollection<byte[]> {
        private final List<byte[]> chunks;
        private boolean iterated;

        SingleUse(String... chunks) {
            this.chunks = java.util.Arrays.stream(chunks).map(BaseHandlerTest::bytes).toList();
        }

        @Override
        public Iterator<byte[]> iterator() {
            if (iterated) {
                throw new IllegalStateException("this body can be iterated once only");
            }
            iterated = true;
            return chunks.iterator();
        }

        @Override
        public int size() {
            return chunks.size();
        }
    }
}
