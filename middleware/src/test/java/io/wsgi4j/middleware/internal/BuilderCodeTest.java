// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wsgi4j.middleware.request.SetCookie.SameSite;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuilderCodeTest {
    static Stream<Arguments> literals() {
        return Stream.of(
                Arguments.of("plain", "\"plain\""),
                Arguments.of("say \"hi\"\\\n", "\"say \\\"hi\\\"\\\\\\n\""),
                Arguments.of("bell\u0007", "\"bell\\u0007\""),
                Arguments.of(42, "42"),
                Arguments.of(10L << 20, "10485760"),
                Arguments.of(1L << 40, "1099511627776L"),
                Arguments.of(true, "true"),
                Arguments.of(Duration.ofDays(14), "Duration.ofDays(14)"),
                Arguments.of(Duration.ofHours(8), "Duration.ofHours(8)"),
                Arguments.of(Duration.ofMinutes(90), "Duration.ofMinutes(90)"),
                Arguments.of(Duration.ofSeconds(61), "Duration.ofSeconds(61)"),
                Arguments.of(Duration.ZERO, "Duration.ofSeconds(0)"),
                Arguments.of(Duration.ofMillis(1500), "Duration.ofMillis(1500)"),
                Arguments.of(Duration.ofNanos(7), "Duration.ofNanos(7)"),
                Arguments.of(Path.of("/srv/www"), "Path.of(\"/srv/www\")"),
                Arguments.of(SameSite.STRICT, "SameSite.STRICT"),
                Arguments.of(Clock.systemUTC(), "Clock.systemUTC()"),
                Arguments.of(Clock.system(ZoneId.of("Asia/Tokyo")), "Clock.system(ZoneId.of(\"Asia/Tokyo\"))"),
                Arguments.of(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), "Clock.fixed(Instant.parse(\"1970-01-01T00:00:00Z\"), ZoneId.of(\"Z\"))"),
                Arguments.of(List.of("GET", "PUT"), "List.of(\"GET\", \"PUT\")"),
                Arguments.of(null, "null"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("literals")
    void writesValuesAsJavaSource(Object value, String source) {
        assertEquals(source, BuilderCode.literal(value));
    }

    @Test
    void writesTheShortFormUntilAnOptionDiffers() {
        assertEquals("X.of(\"a\", 1)", BuilderCode.of("X", "a", 1).option("n", 3, 3).flag("f", false).toString());
        assertEquals("X.builder(\"a\").n(4).f().names(\"p\", \"q\").build()",
                BuilderCode.of("X", "a").option("n", 4, 3).flag("f", true).option("names", List.of("p", "q"), List.of())
                        .toString());
    }

    @Test
    void writesATableOneCallPerLineAndAlwaysInTheBuilderForm() {
        assertEquals("R.builder()\n    .build()", BuilderCode.table("R").toString());
        assertEquals("R.builder()\n    .get(\"home\", \"/\", List.of(\"x\"))\n    .build()",
                BuilderCode.table("R").call("get", "home", "/", List.of("x")).toString());
    }

    @Test
    void indentsAPartThatSpansLinesAndPutsEachArgumentOnItsOwnLine() {
        String table = BuilderCode.table("R").call("get", "/").toString();
        assertEquals("X.builder()\n    .page(R.builder()\n        .get(\"/\")\n        .build())\n    .build()",
                BuilderCode.of("X").call("page", new Raw(table)).toString());
        assertEquals("C.of(\n    a,\n    R.builder()\n        .get(\"/\")\n        .build())",
                BuilderCode.of("C", new Raw("a"), new Raw(table)).toString());
    }

    /** A part that prints its own code. */
    private record Raw(String code) {
        @Override
        public String toString() {
            return code;
        }
    }
}
