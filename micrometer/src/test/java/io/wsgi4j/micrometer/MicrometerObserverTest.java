// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.wsgi4j.observe.RequestRecord;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MicrometerObserverTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static RequestRecord record(String method, String route, int status, long nanos) {
        return new RequestRecord("http", method, "/projects/p1/wiki/Home", route, status, -1, 12, nanos, false);
    }

    @Test
    void recordsEachRequestInHttpServerRequestsUnderItsTags() {
        MicrometerObserver observer = MicrometerObserver.of(registry);
        observer.requestFinished(record("GET", "/projects/{project}/wiki/{page}", 200, 3_000_000));
        observer.requestFinished(record("GET", "/projects/{project}/wiki/{page}", 200, 5_000_000));
        observer.requestFinished(record("POST", "/projects/{project}/wiki/{page}", 303, 1_000_000));

        Timer gets = registry.get("http.server.requests")
                .tags("method", "GET", "status", "200", "outcome", "SUCCESS",
                        "route", "/projects/{project}/wiki/{page}", "transport", "http", "aborted", "false")
                .timer();
        assertEquals(2, gets.count());
        assertEquals(8.0, gets.totalTime(TimeUnit.MILLISECONDS), 1e-9);
        assertEquals(1, registry.get("http.server.requests").tags("method", "POST", "outcome", "REDIRECTION")
                .timer().count());
    }

    @Test
    void tagsTheRouteTemplateNeverTheRawPath() {
        MicrometerObserver observer = MicrometerObserver.of(registry);
        for (int i = 0; i < 50; i++) {
            observer.requestFinished(new RequestRecord("test", "GET", "/items/" + i, "/items/{id}", 200, -1, 0, 1,
                    false));
        }
        assertEquals(1, registry.find("http.server.requests").timers().size(), "one timer for 50 different paths");
        assertNull(registry.find("http.server.requests").tag("route", "/items/7").timer());
    }

    @Test
    void anUnroutedRequestIsTaggedNone() {
        assertEquals("NONE", MicrometerObserver.tags(record("GET", null, 404, 1)).stream()
                .filter(t -> t.getKey().equals("route")).findFirst().orElseThrow().getValue());
    }

    @ParameterizedTest(name = "method {0} is tagged {1}")
    @CsvSource({
        "GET,     GET",
        "PATCH,   PATCH",
        "OPTIONS, OPTIONS",
        "PROPFIND, OTHER",
        "get,     OTHER",
        "X-EVIL-1, OTHER",
    })
    void tagsUnknownMethodsAsOtherToBoundCardinality(String method, String tag) {
        assertEquals(tag, MicrometerObserver.tags(record(method, "/x", 200, 1)).stream()
                .filter(t -> t.getKey().equals("method")).findFirst().orElseThrow().getValue());
    }

    @Test
    void anAbortedRequestWithNoStatusIsUnknown() {
        MicrometerObserver.of(registry).requestFinished(
                new RequestRecord("fastcgi", "GET", "/big", null, 0, -1, 0, 10, true));
        Timer t = registry.get("http.server.requests")
                .tags("status", "0", "outcome", "UNKNOWN", "aborted", "true", "transport", "fastcgi").timer();
        assertEquals(1, t.count());
    }

    @Test
    void copiesChangeTheNameAndAddTags() {
        MicrometerObserver observer = MicrometerObserver.of(registry).withName("wiki.requests")
                .withExtraTags(Tags.of("app", "kforge"));
        observer.requestFinished(record("GET", "/", 200, 1));
        assertEquals(1, registry.get("wiki.requests").tag("app", "kforge").timer().count());
        assertEquals("MicrometerObserver[wiki.requests [tag(app=kforge)]]", observer.toString());
    }

    /**
     * An extra tag under the key of a request's own tag would replace it on every measurement: every request
     * would count as one status or one route, with no error anywhere. It is refused where it is configured.
     */
    @ParameterizedTest(name = "extra tag {0}")
    @CsvSource({"status", "route", "method", "outcome", "transport", "aborted"})
    void rejectsAnExtraTagThatWouldReplaceARequestsOwnTag(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MicrometerObserver.of(registry).withExtraTags(Tags.of("app", "kforge", key, "x")));
        assertEquals("the extra tag " + key + "=x has the key of a tag every request is recorded under (aborted,"
                + " method, outcome, route, status, transport); give it another key", e.getMessage());
    }

    @Test
    void rejectsABlankNameSayingWhatToUse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MicrometerObserver.of(registry).withName(" "));
        assertEquals("the timer name is blank; use a dotted name such as \"http.server.requests\"", e.getMessage());
    }
}
