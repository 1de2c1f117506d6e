// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.CloseableBody;
import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.Headers;
import io.wsgi4j.Middleware;
import io.wsgi4j.NotFound;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.Write;
import io.wsgi4j.handler.EnvironBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidatorTest {
    private static final Object ABSENT = new Object();
    private static final Application OK_APP = (env, sr) -> {
        sr.start(Status.OK, Headers.of("Content-Type", "text/plain"));
        return Body.of("ok");
    };

    private static Environ valid() {
        return new EnvironBuilder().method("GET").target("/").header("Host", "localhost").build();
    }

    private static Environ with(String key, Object value) {
        Environ env = valid();
        if (value == ABSENT) {
            env.remove(key);
        } else {
            env.put(key, value);
        }
        return env;
    }

    /** Calls {@code app} through the default validator as a server would, and returns its body. */
    private static Iterable<byte[]> call(Application app, Environ env, StartResponse sr) throws Exception {
        return Validator.DEFAULT.wrap(app).call(env, sr);
    }

    /** The rule a request through the test client (validator on) breaks. */
    private static String ruleBrokenBy(Application app) {
        ValidationException e = assertThrows(ValidationException.class, () -> TestClient.of(app).get("/").send());
        assertTrue(e.getMessage().startsWith(e.rule() + " "), e.getMessage());
        assertTrue(e.getMessage().contains("; "), "the message should end with a fix: " + e.getMessage());
        return e.rule();
    }

    @Nested
    class TheEnvironTheCallerProvides {
        static Stream<Arguments> broken() {
            return Stream.of(
                    Arguments.of("R2.1",  Environ.REQUEST_METHOD,    ABSENT),
                    Arguments.of("R2.1",  Environ.WSGI_INPUT,        "not a stream"),
                    Arguments.of("R2.1",  Environ.WSGI_ERRORS,       ABSENT),
                    Arguments.of("R2.1",  Environ.WSGI_MULTITHREAD,  "true"),
                    Arguments.of("R2.1",  Environ.NOT_MINE,          "yes"),
                    Arguments.of("R2.2",  "myKey",                   "x"),
                    Arguments.of("R2.2",  "HTTP_X-DASH",             "x"),
                    Arguments.of("R2.3",  "HTTP_X_PRICE",            "\u20ac5"),
                    Arguments.of("R2.3",  "HTTP_X_COUNT",            42),
                    Arguments.of("R2.3",  "HTTP_X_GONE",             null),
                    Arguments.of("R2.3",  Environ.REMOTE_USER,       null),
                    Arguments.of("R2.4",  Environ.REQUEST_METHOD,    "GE T"),
                    Arguments.of("R2.4",  Environ.REQUEST_METHOD,    ""),
                    Arguments.of("R2.5",  Environ.PATH_INFO,         "x"),
                    Arguments.of("R2.5",  Environ.SCRIPT_NAME,       "app"),
                    Arguments.of("R2.7",  Environ.QUERY_STRING,      "a=1#top"),
                    Arguments.of("R2.7",  Environ.QUERY_STRING,      "a=b c"),
                    Arguments.of("R2.8",  Environ.CONTENT_LENGTH,    "-1"),
                    Arguments.of("R2.8",  Environ.CONTENT_LENGTH,    "12a"),
                    Arguments.of("R2.9",  "HTTP_CONTENT_TYPE",       "text/plain"),
                    Arguments.of("R2.9",  "HTTP_CONTENT_LENGTH",     "3"),
                    Arguments.of("R2.10", Environ.SERVER_NAME,       ""),
                    Arguments.of("R2.10", Environ.SERVER_PORT,       "http"),
                    Arguments.of("R2.10", Environ.SERVER_PORT,       "70000"),
                    Arguments.of("R2.11", Environ.SERVER_PROTOCOL,   "HTTP/1.1x"),
                    Arguments.of("R2.11", Environ.SERVER_PROTOCOL,   "SPDY/3"),
                    Arguments.of("R2.12", "HTTP_ACCEPT",             " text/html"),
                    Arguments.of("R2.12", "HTTP_X_SPLIT",            "a\r\nb"),
                    Arguments.of("R2.13", Environ.WSGI_VERSION,      List.of(2, 0)),
                    Arguments.of("R2.14", Environ.WSGI_URL_SCHEME,   "ftp"),
                    Arguments.of("R2.16", Environ.PATH_INFO,         "/elsewhere"),
                    Arguments.of("R6.4",  Environ.NOT_MINE,          Boolean.TRUE));
        }

        @ParameterizedTest(name = "{0}: {1} = {2}")
        @MethodSource("broken")
        void aBrokenEnvironIsRejectedNamingTheRuleAndTheValue(String rule, String key, Object value) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> call(OK_APP, with(key, value), mock(StartResponse.class)));
            assertEquals(rule, e.rule());
            assertTrue(e.getMessage().startsWith(rule + " "), e.getMessage());
            assertTrue(e.getMessage().contains("; "), "the message should end with a fix: " + e.getMessage());
            String shown = value == ABSENT ? key : rule.equals("R2.2") ? Headers.describe(key) : Headers.describe(value);
            assertTrue(e.getMessage().contains(shown), e.getMessage());
        }

        @Test
        void bothPathsEmptyBreaksR2_6() {
            Environ env = valid();
            env.put(Environ.PATH_INFO, "");
            assertEquals("R2.6", assertThrows(ValidationException.class,
                    () -> call(OK_APP, env, mock(StartResponse.class))).rule());
        }

        static Stream<Arguments> oddButAccepted() {
            return Stream.of(
                    Arguments.of(Environ.CONTENT_LENGTH,   ""),
                    Arguments.of(Environ.SERVER_PROTOCOL,  "HTTP/2"),
                    Arguments.of(Environ.SERVER_PORT,      "0"),
                    Arguments.of("HTTP_X_EMPTY",           ""),
                    Arguments.of("HTTP_X_LATIN1",          "caf\u00e9"),
                    Arguments.of("myapp.state",            new Object()),
                    Arguments.of(Environ.REMOTE_USER,      "ada"));
        }

        @ParameterizedTest(name = "{0} = {1}")
        @MethodSource("oddButAccepted")
        void oddButLegalValuesPass(String key, Object value) {
            assertDoesNotThrow(() -> call(OK_APP, with(key, value), mock(StartResponse.class)));
        }

        @Test
        void theAsteriskTargetAndAMountedRootPass() throws Exception {
            Environ star = new EnvironBuilder().method("OPTIONS").target("*").build();
            call(OK_APP, star, mock(StartResponse.class));
            Environ mounted = valid();
            mounted.shiftPathInfo(); // SCRIPT_NAME "/", PATH_INFO ""
            call(OK_APP, mounted, mock(StartResponse.class));
        }

        @Test
        void anEncodedSlashInTheRawTargetStillMatchesThePath() throws Exception {
            Environ env = new EnvironBuilder().target("/files/a%2Fb").build();
            call(OK_APP, env, mock(StartResponse.class));
        }

        @Test
        void wsgiInputRunningPastContentLengthBreaksR2_15() {
            Environ env = valid();
            env.put(Environ.CONTENT_LENGTH, "2");
            env.put(Environ.WSGI_INPUT, new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)));
            Application reader = (e, sr) -> {
                e.input().readAllBytes();
                return OK_APP.call(e, sr);
            };
            assertEquals("R2.15", assertThrows(ValidationException.class,
                    () -> call(reader, env, mock(StartResponse.class))).rule());
        }

        @Test
        void rereadingInputAfterMarkAndResetIsNoReadPastContentLength() throws Exception {
            // a middleware that peeks at the body where the server's stream allows it, then hands on all of it
            Environ env = valid();
            env.put(Environ.CONTENT_LENGTH, "5");
            env.put(Environ.WSGI_INPUT, new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)));
            Application peeking = (e, sr) -> {
                InputStream in = e.input();
                String peeked = "";
                if (in.markSupported()) {
                    in.mark(16);
                    peeked = new String(in.readNBytes(2), StandardCharsets.US_ASCII);
                    in.reset();
                }
                String all = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                sr.start(Status.OK, List.of());
                return Body.of(peeked + "|" + all);
            };
            Iterable<byte[]> body = call(peeking, env, mock(StartResponse.class));
            assertEquals("he|hello", new String(Body.toBytes(body), StandardCharsets.US_ASCII));
        }

        @Test
        void readingPastContentLengthAfterAResetIsStillCaught() {
            Environ env = valid();
            env.put(Environ.CONTENT_LENGTH, "2");
            env.put(Environ.WSGI_INPUT, new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)));
            Application reader = (e, sr) -> {
                InputStream in = e.input();
                in.mark(16);
                in.readNBytes(1);
                in.reset();
                in.readAllBytes();
                return OK_APP.call(e, sr);
            };
            assertEquals("R2.15", assertThrows(ValidationException.class,
                    () -> call(reader, env, mock(StartResponse.class))).rule());
        }

        @Test
        void wsgiInputEndingAtContentLengthPasses() throws Exception {
            TestResponse r = TestClient.of((e, sr) -> {
                byte[] body = e.input().readAllBytes();
                sr.start(Status.OK, List.of());
                return Body.of(body);
            }).post("/").body("hello", "text/plain").send();
            assertEquals("hello", r.text());
        }
    }

    @Nested
    class WhatTheApplicationDoes {
        @Test
        void startResponseAfterTheResponseEndedBreaksR1_1() {
            AtomicReference<StartResponse> kept = new AtomicReference<>();
            TestClient c = TestClient.of((env, sr) -> {
                if (kept.get() != null) {
                    kept.get().start(Status.OK, List.of());
                }
                kept.set(sr);
                return OK_APP.call(env, sr);
            });
            c.get("/").send();
            assertEquals("R1.1", assertThrows(ValidationException.class, () -> c.get("/").send()).rule());
        }

        @Test
        void writeAfterTheResponseEndedBreaksR1_1() {
            AtomicReference<Write> kept = new AtomicReference<>();
            TestClient c = TestClient.of((env, sr) -> {
                if (kept.get() != null) {
                    kept.get().write(new byte[] {1});
                }
                kept.set(sr.start(Status.OK, List.of()));
                return Body.empty();
            });
            c.get("/").send();
            assertEquals("R1.1", assertThrows(ValidationException.class, () -> c.get("/").send()).rule());
        }

        @Test
        void readingInputAfterTheResponseEndedBreaksR1_2() {
            AtomicReference<InputStream> kept = new AtomicReference<>();
            TestClient c = TestClient.of((env, sr) -> {
                if (kept.get() != null) {
                    kept.get().read();
                }
                kept.set(env.input());
                return OK_APP.call(env, sr);
            });
            c.post("/").body("x", "text/plain").send();
            assertEquals("R1.2", assertThrows(ValidationException.class, () -> c.get("/").send()).rule());
        }

        @Test
        void aChunkBeforeStartResponseBreaksR3_1() {
            assertEquals("R3.1", ruleBrokenBy((env, sr) -> Body.of("early")));
        }

        @Test
        void anEmptyBodyWithoutStartResponseBreaksR3_1() {
            assertEquals("R3.1", ruleBrokenBy((env, sr) -> Body.empty()));
        }

        @Test
        void aSecondStartWithoutExcInfoBreaksR3_2() {
            assertEquals("R3.2", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, List.of());
                sr.start(Status.NOT_FOUND, List.of());
                return Body.empty();
            }));
        }

        @Test
        void aSecondStartWithExcInfoBeforeHeadersReplacesTheResponse() {
            TestResponse r = TestClient.of((env, sr) -> {
                sr.start(Status.OK, List.of());
                sr.start(Status.of(503), List.of(), new IllegalStateException("db down"));
                return Body.of("later");
            }).get("/").send();
            assertEquals(503, r.status());
        }

        @Test
        void anInformationalOrNullStatusBreaksR3_3() {
            assertEquals("R3.3", ruleBrokenBy((env, sr) -> {
                sr.start(Status.of(100), List.of());
                return Body.empty();
            }));
            assertEquals("R3.3", ruleBrokenBy((env, sr) -> {
                sr.start((Status) null, List.of());
                return Body.empty();
            }));
        }

        @Test
        void writeBeforeStartBreaksR3_5() {
            // only reachable by casting: start_response is normally the only way to get a Write
            assertEquals("R3.5", ruleBrokenBy((env, sr) -> {
                ((Write) sr).write(new byte[] {1});
                return Body.empty();
            }));
        }

        @Test
        void aHopByHopHeaderBreaksR3_6() {
            assertEquals("R3.6", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Transfer-Encoding", "chunked"));
                return Body.empty();
            }));
        }

        @Test
        void aHeaderNamedStatusBreaksR3_6() {
            assertEquals("R3.6", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("status", "302 Found"));
                return Body.empty();
            }));
        }

        @Test
        void aBadOrDoubledContentLengthBreaksR3_7() {
            assertEquals("R3.7", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "ten"));
                return Body.empty();
            }));
            assertEquals("R3.7", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "2", "Content-Length", "3"));
                return Body.of("ab");
            }));
            // equal values too: a recipient may reject a repeated Content-Length (RFC 9112 6.3), and the handler does
            assertEquals("R3.7", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "2", "Content-Length", "2"));
                return Body.of("ab");
            }));
        }

        @Test
        void aNullHeaderListOrNullHeaderBreaksR3_8() {
            assertEquals("R3.8", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, null);
                return Body.empty();
            }));
            assertEquals("R3.8", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Arrays.asList(Header.of("A", "1"), null));
                return Body.empty();
            }));
        }

        @Test
        void aSingleValuedFieldGivenTwiceBreaksR3_10() {
            assertEquals("R3.10", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Type", "text/plain", "content-type", "text/html"));
                return Body.empty();
            }));
            assertEquals("R3.10", ruleBrokenBy((env, sr) -> {
                sr.start(Status.of(302), Headers.of("Location", "/a", "Location", "/b"));
                return Body.empty();
            }));
        }

        @Test
        void listFieldsAndSetCookieMayRepeat() {
            assertDoesNotThrow(() -> Validator.DEFAULT.wrap((env, sr) -> {
                sr.start(Status.OK, Headers.of("Vary", "Cookie", "Vary", "Accept-Encoding", "Set-Cookie", "a=1",
                        "Set-Cookie", "b=2", "Cache-Control", "no-cache", "Cache-Control", "private"));
                return Body.empty();
            }).call(valid(), mock(StartResponse.class)));
        }

        @Test
        void writingNullBreaksR3_9() {
            assertEquals("R3.9", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, List.of()).write(null);
                return Body.empty();
            }));
        }

        @Test
        void aNullBodyBreaksR4_1() {
            assertEquals("R4.1", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, List.of());
                return null;
            }));
        }

        @Test
        void aNullChunkBreaksR4_2() {
            assertEquals("R4.2", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, List.of());
                return Arrays.asList("a".getBytes(StandardCharsets.UTF_8), null);
            }));
        }

        @SuppressWarnings({"rawtypes", "unchecked"})
        static Stream<Application> bodiesOfStrings() {
            List strings = Arrays.asList("a".getBytes(StandardCharsets.UTF_8), "text");
            return Stream.of(
                    (env, sr) -> {                           // a list, its length known before anything is sent
                        sr.start(Status.OK, Headers.of("Content-Length", "5"));
                        return strings;
                    },
                    (env, sr) -> {                           // a list iterated by the caller
                        sr.start(Status.OK, List.of());
                        return strings;
                    },
                    (env, sr) -> {                           // a lazy body
                        sr.start(Status.OK, List.of());
                        Iterable lazy = () -> strings.iterator();
                        return lazy;
                    });
        }

        @ParameterizedTest
        @MethodSource("bodiesOfStrings")
        void aChunkThatIsNoByteArrayBreaksR4_2NamingItsType(Application app) {
            // through a raw or unchecked cast a body can yield a String; it failed as a bare ClassCastException
            // from the handler (a 500 and a stack trace on wsgi.errors), naming neither the body nor the fix
            ValidationException e = assertThrows(ValidationException.class, () -> TestClient.of(app).get("/").send());
            assertEquals("R4.2", e.rule());
            assertTrue(e.getMessage().contains("java.lang.String") && e.getMessage().contains("\"text\""),
                    e.getMessage());
        }

        @Test
        void bodyBytesWithA204BreakR4_5() {
            assertEquals("R4.5", ruleBrokenBy((env, sr) -> {
                sr.start(Status.of(204), List.of());
                return Body.of("no");
            }));
        }

        @Test
        void aBodyLongerOrShorterThanItsContentLengthBreaksR4_6() {
            assertEquals("R4.6", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "5"));
                return Body.of("abc");
            }));
            assertEquals("R4.6", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "1"));
                return Body.of("abc");
            }));
        }

        @Test
        void bytesGivenToWriteCountTowardsTheContentLengthOfAListBodyR4_6() {
            TestResponse r = TestClient.of((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "6")).write("abc".getBytes(StandardCharsets.UTF_8));
                return Body.of("def");
            }).get("/").send();
            assertEquals("abcdef", r.text());
            assertEquals("R4.6", ruleBrokenBy((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "3")).write("abc".getBytes(StandardCharsets.UTF_8));
                return Body.of("def");
            }));
        }

        @Test
        void headMayAnnounceALengthWithoutSendingTheBody() {
            TestResponse r = TestClient.of((env, sr) -> {
                sr.start(Status.OK, Headers.of("Content-Length", "5"));
                return Body.empty();
            }).head("/").send();
            assertEquals("5", r.header("Content-Length"));
        }

        @Test
        void pathsChangedAndNotRestoredBreakR6_1() {
            assertEquals("R6.1", ruleBrokenBy((env, sr) -> {
                env.shiftPathInfo();
                return OK_APP.call(env, sr);
            }));
        }

        @Test
        void theBodyOfAnApplicationRejectedAfterItReturnedIsClosed() {
            // R4.3: the validator is the application's caller here, and the body never reaches anyone else
            CloseableBody body = mock(CloseableBody.class);
            when(body.iterator()).thenReturn(List.of("ok".getBytes(StandardCharsets.US_ASCII)).iterator());
            assertEquals("R6.1", ruleBrokenBy((env, sr) -> {
                env.shiftPathInfo();
                sr.start(Status.OK, List.of());
                return body;
            }));
            verify(body, times(1)).close();
        }

        @Test
        void aMiddlewareThatReplacesABodyWithoutClosingItBreaksR6_2() {
            Middleware careless = next -> (env, sr) -> {
                next.call(env, (status, headers, excInfo) -> null); // drops the body it got
                sr.start(Status.of(503), List.of());
                return Body.of("replaced");
            };
            Application app = careless.wrap(Validator.DEFAULT.wrap(OK_APP));
            assertEquals("R6.2", ruleBrokenBy(app));
        }

        @Test
        void notMineWithAStatusOtherThan404BreaksR6_3() {
            assertEquals("R6.3", ruleBrokenBy((env, sr) -> {
                env.put(Environ.NOT_MINE, Boolean.TRUE);
                return OK_APP.call(env, sr);
            }));
        }

        @Test
        void theNotFoundApplicationFollowsR6_3() {
            assertEquals(404, TestClient.of(NotFound.INSTANCE).get("/").send().status());
        }
    }

    @Nested
    class HowTheCallerUsesTheBody {
        private final StartResponse sr = mock(StartResponse.class);

        @Test
        void theValidatorPassesStatusHeadersAndExcInfoToTheCallerUnchanged() throws Exception {
            List<Header> headers = Headers.of("Content-Type", "text/plain");
            Exception failure = new Exception("x");
            call((env, s) -> {
                s.start(Status.OK, headers);
                s.start(Status.INTERNAL_SERVER_ERROR, headers, failure);
                return Body.empty();
            }, valid(), sr);
            verify(sr).start(Status.OK, headers, null);
            verify(sr).start(Status.INTERNAL_SERVER_ERROR, headers, failure);
        }

        @Test
        void aCallerThatAcceptsExcInfoAfterBytesWentOutBreaksR3_4() throws Exception {
            Write write = mock(Write.class);
            when(sr.start(any(Status.class), any(), any())).thenReturn(write);
            ValidationException e = assertThrows(ValidationException.class, () -> call((env, s) -> {
                s.start(Status.OK, List.of()).write(new byte[] {1});
                s.start(Status.INTERNAL_SERVER_ERROR, List.of(), new Exception("late"));
                return Body.empty();
            }, valid(), sr));
            assertEquals("R3.4", e.rule());
            verify(write).write(any());
        }

        /**
         * Sends "a", then, asked for the second chunk, replaces the response with excInfo (the test
         * client's start_response rethrows it, the first chunk having gone out) and returns what
         * {@code afterRethrow} does with that call.
         */
        private Application replacingAfterTheFirstChunk(java.util.function.Function<Runnable, byte[]> afterRethrow) {
            return (env, s) -> {
                s.start(Status.OK, Headers.of("Content-Type", "text/plain"));
                return () -> new java.util.Iterator<>() {
                    int step;

                    @Override
                    public boolean hasNext() {
                        return step < 2;
                    }

                    @Override
                    public byte[] next() {
                        if (step++ == 0) {
                            return "a".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                        }
                        return afterRethrow.apply(() -> s.start(Status.INTERNAL_SERVER_ERROR, List.of(),
                                new IllegalStateException("late")));
                    }
                };
            };
        }

        @Test
        void anApplicationThatSwallowsTheRethrownExcInfoBreaksR3_4() {
            Application app = replacingAfterTheFirstChunk(replace -> {
                try {
                    replace.run();
                } catch (RuntimeException swallowed) {
                    // the mistake under test
                }
                return "SWALLOWED".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            });
            assertEquals("R3.4", ruleBrokenBy(app));
        }

        @Test
        void anApplicationThatLetsTheRethrownExcInfoPropagateBreaksNothing() {
            Application app = replacingAfterTheFirstChunk(replace -> {
                replace.run();
                throw new AssertionError("start_response must have rethrown");
            });
            // R5.4: the response is cut short (its first byte went out); no rule is broken
            TestResponse r = TestClient.of(app).allowErrors().get("/").send();
            assertTrue(r.aborted());
            assertEquals(200, r.status());
        }

        @Test
        void closingTwiceBreaksR4_3() throws Exception {
            CloseableBody app = mock(CloseableBody.class);
            Iterable<byte[]> body = call((env, s) -> {
                s.start(Status.OK, List.of());
                return app;
            }, valid(), sr);
            ((AutoCloseable) body).close();
            ValidationException e = assertThrows(ValidationException.class, () -> ((AutoCloseable) body).close());
            assertEquals("R4.3", e.rule());
            verify(app, times(1)).close();
        }

        @Test
        void aCallerThatNeverClosesBreaksR4_3() throws Exception {
            Tracker tracker = new Tracker();
            tracker.enter();
            try {
                call(OK_APP, valid(), sr).iterator().forEachRemaining(chunk -> { });
            } finally {
                tracker.exit();
            }
            assertEquals("R4.3", assertThrows(ValidationException.class, tracker::checkClosed).rule());
        }

        @Test
        void iteratingTwiceBreaksR4_4() throws Exception {
            Iterable<byte[]> body = call(OK_APP, valid(), sr);
            body.iterator();
            assertEquals("R4.4", assertThrows(ValidationException.class, body::iterator).rule());
        }

        @Test
        void nextAfterTheEndBreaksR4_4() throws Exception {
            Iterator<byte[]> it = call(OK_APP, valid(), sr).iterator();
            it.next();
            it.hasNext();
            assertEquals("R4.4", assertThrows(ValidationException.class, it::next).rule());
        }

        @Test
        void touchingTheBodyAfterCloseBreaksR4_4() throws Exception {
            Iterable<byte[]> body = call(OK_APP, valid(), sr);
            Iterator<byte[]> it = body.iterator();
            ((AutoCloseable) body).close();
            assertEquals("R4.4", assertThrows(ValidationException.class, it::hasNext).rule());
        }

        @Test
        void aFileBodyPassesThroughUnwrappedForZeroCopy(@TempDir Path dir) throws Exception {
            Path file = Files.writeString(dir.resolve("f.txt"), "file");
            FileBody fileBody = new FileBody(FileChannel.open(file), 0, 4, 4);
            Iterable<byte[]> body = call((env, s) -> {
                s.start(Status.OK, List.of());
                return fileBody;
            }, valid(), sr);
            assertSame(fileBody, body);
            fileBody.close();
        }
    }

    @Nested
    class Severities {
        private final Application hopByHop = (env, sr) -> {
            sr.start(Status.OK, Headers.of("Connection", "close"));
            return Body.empty();
        };

        @Test
        void warnWritesTheMessageToWsgiErrorsAndGoesOn() throws Exception {
            Validator v = Validator.builder().severity("R2.7", Severity.WARN).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Environ env = with(Environ.QUERY_STRING, "a#b");
            env.put(Environ.WSGI_ERRORS, new PrintStream(out, true, StandardCharsets.UTF_8));
            v.wrap(OK_APP).call(env, mock(StartResponse.class));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("wsgi4j validator warning: R2.7 "),
                    out.toString(StandardCharsets.UTF_8));
        }

        @Test
        void aStaleStartResponseAtWarnNeverReachesTheNextRequest() {
            AtomicReference<StartResponse> kept = new AtomicReference<>();
            TestClient c = TestClient.of((env, sr) -> {
                if (kept.get() != null) {
                    kept.get().start(Status.of(500), List.of()); // the previous request's callable
                }
                kept.set(sr);
                return OK_APP.call(env, sr);
            }).validator(Validator.builder().severity("R1.1", Severity.WARN).build()).allowErrors();
            c.get("/").send();
            TestResponse second = c.get("/").send();
            assertEquals(200, second.status());
            assertTrue(second.errors().startsWith("wsgi4j validator warning: R1.1 "), second.errors());
        }

        @Test
        void offSkipsTheRule() throws Exception {
            Validator v = Validator.builder().severity("R2.6", Severity.OFF).build();
            Environ env = with(Environ.PATH_INFO, "");
            env.remove(Environ.RAW_TARGET);
            v.wrap(OK_APP).call(env, mock(StartResponse.class));
            assertEquals(Severity.OFF, v.severity("R2.6"));
            assertEquals(Severity.ERROR, v.severity("R2.5"));
        }

        @Test
        void settingErrorAgainRestoresTheDefault() {
            Validator v = Validator.builder().severity("R3.6", Severity.OFF).severity("R3.6", Severity.ERROR).build();
            assertEquals("Validator.DEFAULT", v.toString());
            assertEquals("R3.6", assertThrows(ValidationException.class,
                    () -> TestClient.of(hopByHop).validator(v).get("/").send()).rule());
        }

        @Test
        void anUnknownRuleIdIsRejectedWithTheIdQuoted() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Validator.builder().severity("R9.9", Severity.OFF));
            assertTrue(e.getMessage().contains("\"R9.9\""), e.getMessage());
            // a null rule is no rule either (Set.of(...).contains(null) threw a bare NullPointerException)
            e = assertThrows(IllegalArgumentException.class, () -> Validator.builder().severity(null, Severity.OFF));
            assertTrue(e.getMessage().startsWith("no rule null in SPEC.md"), e.getMessage());
        }

        @Test
        void toStringReadsLikeTheBuilderCode() {
            Validator v = Validator.builder().severity("R3.6", Severity.WARN).severity("R2.5", Severity.OFF).build();
            assertEquals("Validator.builder().severity(\"R2.5\", Severity.OFF).severity(\"R3.6\", Severity.WARN)"
                    + ".build()", v.toString());
            assertEquals("Validator.DEFAULT.wrap(NotFound)", Validator.DEFAULT.wrap(NotFound.INSTANCE).toString());
        }
    }
}
