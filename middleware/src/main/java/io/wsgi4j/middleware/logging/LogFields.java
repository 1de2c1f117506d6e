// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.logging;

import java.time.ZoneId;

/**
 * What {@link LogFormat} reads to write a line: the fields of an {@link AccessRecord}, with the time
 * as an epoch second, a nanosecond and a zone, so a request in flight ({@link Pending}) can be
 * formatted directly, without a record or a date-time object per request.
 */
interface LogFields {
    String remoteAddr();

    String remoteUser();

    long epochSecond();

    int nano();

    ZoneId zone();

    String method();

    String target();

    String protocol();

    int status();

    long bytes();

    long durationNanos();

    String referer();

    String userAgent();

    String requestId();

    String route();

    boolean complete();

    String traceId();

    /** An {@link AccessRecord} seen through this interface (the public, non-hot path). */
    static LogFields of(AccessRecord r) {
        return new LogFields() {
            @Override public String remoteAddr() { return r.remoteAddr(); }
            @Override public String remoteUser() { return r.remoteUser(); }
            @Override public long epochSecond() { return r.time().toEpochSecond(); }
            @Override public int nano() { return r.time().getNano(); }
            // the offset, not the region: both formats print the offset the record's time carries
            @Override public ZoneId zone() { return r.time().getOffset(); }
            @Override public String method() { return r.method(); }
            @Override public String target() { return r.target(); }
            @Override public String protocol() { return r.protocol(); }
            @Override public int status() { return r.status(); }
            @Override public long bytes() { return r.bytes(); }
            @Override public long durationNanos() { return r.durationNanos(); }
            @Override public String referer() { return r.referer(); }
            @Override public String userAgent() { return r.userAgent(); }
            @Override public String requestId() { return r.requestId(); }
            @Override public String route() { return r.route(); }
            @Override public boolean complete() { return r.complete(); }
            @Override public String traceId() { return r.traceId(); }
        };
    }
}
