// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one Jackson configuration KForge uses for its files and its JSON responses.
 *
 * @since 0.1
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {}

    /**
     * Returns the shared mapper: unknown properties ignored (older code can read newer files), map
     * keys sorted (files diff cleanly).
     *
     * @return the mapper; thread-safe, do not reconfigure
     * @since 0.1
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
