// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Environ;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SessionTest {
    /** A JSON-able bean for the typed get. */
    public record Cart(List<Integer> items) {}

    @Nested
    class Values {
        @Test
        void stringsComeBackAsStrings() {
            Session s = Session.empty().put("user", "alice");
            assertEquals("alice", s.get("user"));
            assertNull(s.get("other"));
        }

        @Test
        void jsonAbleValuesComeBackTyped() {
            Session s = Session.empty().put("cart", new Cart(List.of(1, 2))).put("n", 3).put("m", Map.of("a", true));
            assertEquals(new Cart(List.of(1, 2)), s.get("cart", Cart.class));
            assertEquals(3, s.get("n", Integer.class));
            assertEquals("3", s.get("n"));
            assertEquals("{\"a\":true}", s.get("m"));
        }

        @Test
        void aValueOfTheWrongTypeIsAnIllegalArgument() {
            Session s = Session.empty().put("n", "not a number");
            assertThrows(IllegalArgumentException.class, () -> s.get("n", Integer.class));
        }

        @Test
        void somethingJacksonCannotWriteIsRejectedAtPut() {
            assertThrows(IllegalArgumentException.class, () -> Session.empty().put("x", new Object()));
        }

        @Test
        void puttingNullRemoves() {
            Session s = Session.empty().put("a", "1").put("a", null);
            assertTrue(s.isEmpty());
        }
    }

    @Nested
    class Changes {
        @Test
        void aFreshSessionIsUnchangedAndNew() {
            Session s = Session.empty();
            assertFalse(s.isChanged());
            assertTrue(s.isNew());
        }

        @Test
        void putRemoveClearAndInvalidateChangeIt() {
            assertTrue(Session.empty().put("a", "1").isChanged());
            Session s = Session.empty();
            assertFalse(s.remove("missing"));
            s.clear();
            assertFalse(s.isChanged(), "removing or clearing nothing is no change");
            s.invalidate();
            assertTrue(s.isChanged());
        }

        @Test
        void namesKeepInsertionOrderAndCannotBeModified() {
            Session s = Session.empty().put("b", "1").put("a", "2");
            assertEquals(List.of("b", "a"), List.copyOf(s.names()));
            Set<String> names = s.names();
            assertThrows(UnsupportedOperationException.class, () -> names.remove("a"));
        }

        @Test
        void toStringShowsNamesNotValues() {
            assertEquals("Session[user] (changed)", Session.empty().put("user", "secret-value").toString());
        }
    }

    @Test
    void ofWithoutTheMiddlewareSaysHowToInstallIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Session.of(new Environ()));
        assertTrue(e.getMessage().contains("Sessions.of(SignedCookieStore.of(key))"), e.getMessage());
    }
}
