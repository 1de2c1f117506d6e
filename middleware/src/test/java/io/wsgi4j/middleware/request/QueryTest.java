// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.wsgi4j.Application;
import io.wsgi4j.Body;
import io.wsgi4j.Environ;
import io.wsgi4j.Headers;
import io.wsgi4j.testing.TestClient;
import io.wsgi4j.testing.TestResponse;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTest {

    /** Answers with the parsed query printed, so tests go through the client and the environ. */
    private static final Application ECHO = (environ, sr) -> {
        Params q = Query.parse(environ);
        sr.start("200 OK", Headers.of("Content-Type", "text/plain; charset=utf-8"));
        return Body.of(q.toString());
    };

    @Nested
    class Decoding {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', value = {
            "a=1                    | {a=[1]}",
            "a=1&a=2&b=3            | {a=[1, 2], b=[3]}",
            "q=caf%C3%A9            | {q=[café]}",
            "q=hello+world          | {q=[hello world]}",
            "q=a%2Bb                | {q=[a+b]}",
            "flag                   | {flag=[]}",
            "a=&b                   | {a=[], b=[]}",
            "&&a=1&&                | {a=[1]}",
            "a=1;b=2                | {a=[1;b=2]}",
            "pct=100%               | {pct=[100%]}",
            "bad=%zz%4             | {bad=[%zz%4]}",
            "x=%FF                  | {x=[\uFFFD]}",
            "a%3Db=c                | {a=b=[c]}",
        })
        void decodesLikeBrowsersEncode(String query, String expected) {
            TestResponse r = TestClient.of(ECHO).get("/?" + query).send();
            assertEquals(expected, r.text());
        }

        @Test
        void unicodeAlreadyDecodedInTheEnvironIsTakenAsText() {
            Environ environ = new Environ();
            environ.put(Environ.QUERY_STRING, "q=\u2603&r=\u00e9t\u00e9");
            Params p = Query.parse(environ);
            assertEquals("\u2603", p.first("q"));
            assertEquals("\u00e9t\u00e9", p.first("r"));
        }

        @Test
        void anEmptyQueryGivesNoParams() {
            assertSame(Params.EMPTY, Query.parse("", Limits.DEFAULT));
        }

        @Test
        void firstAndAllReadRepeatedNames() {
            Params p = Query.parse("tag=a&tag=b&page=2", Limits.DEFAULT);
            assertEquals("a", p.first("tag"));
            assertEquals(List.of("a", "b"), p.all("tag"));
            assertEquals("1", p.first("size", "1"));
            assertEquals(List.of(), p.all("size"));
            assertEquals(3, p.size());
        }
    }

    @Nested
    class Limiting {
        @Test
        void tooManyFieldsAnswer413() {
            RequestException e = assertThrows(RequestException.class,
                    () -> Query.parse("a=1&b=2&c=3", Limits.DEFAULT.withMaxFields(2)));
            assertEquals(413, e.status());
        }

        @Test
        void aLongValueAnswers413() {
            RequestException e = assertThrows(RequestException.class,
                    () -> Query.parse("a=" + "x".repeat(11), Limits.DEFAULT.withMaxFieldBytes(10)));
            assertEquals(413, e.status());
        }

        @Test
        void strictUtf8AnswersBadBytesWith400() {
            RequestException e = assertThrows(RequestException.class,
                    () -> Query.parse("x=%C3%28", Limits.DEFAULT.withStrictUtf8(true)));
            assertEquals(400, e.status());
            assertEquals("the query string is not valid UTF-8", e.getMessage());
        }

        @Test
        void throughRequestScopeTheClientGets413() {
            Application app = RequestScope.of().wrap((environ, sr) -> {
                Query.parse(environ, Limits.DEFAULT.withMaxFields(1));
                throw new AssertionError("unreachable");
            });
            TestResponse r = TestClient.of(app).get("/?a=1&b=2").send();
            assertEquals(413, r.status());
        }
    }

    @Nested
    class Caching {
        @Test
        void aSecondParseReusesTheFirst() {
            Environ environ = new Environ();
            environ.put(Environ.QUERY_STRING, "a=1");
            assertSame(Query.parse(environ), Query.parse(environ));
        }

        @Test
        void aRewrittenQueryStringIsParsedAgain() {
            Environ environ = new Environ();
            environ.put(Environ.QUERY_STRING, "a=1");
            Query.parse(environ);
            environ.put(Environ.QUERY_STRING, "a=2");
            assertEquals("2", Query.parse(environ).first("a"));
        }
    }

    /** A GET form sends its {@code _charset_} field (WHATWG HTML) in the query: the other fields are in that charset. */
    @Test
    void decodesAQueryInTheCharsetItsCharsetFieldNames() {
        assertEquals("caf\u00e9", Query.parse("_charset_=ISO-8859-1&q=caf%E9", Limits.DEFAULT).first("q"));
    }
}
