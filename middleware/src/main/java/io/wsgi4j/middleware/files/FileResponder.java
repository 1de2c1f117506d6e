// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.files;

import io.wsgi4j.Environ;
import io.wsgi4j.FileBody;
import io.wsgi4j.Header;
import io.wsgi4j.NotFound;
import io.wsgi4j.PercentCodec;
import io.wsgi4j.StartResponse;
import io.wsgi4j.Status;
import io.wsgi4j.handler.HttpDate;
import io.wsgi4j.middleware.caching.ConditionalGet;
import io.wsgi4j.middleware.caching.EntityTags;
import io.wsgi4j.middleware.internal.NotModified;
import io.wsgi4j.middleware.internal.TextAnswer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The response for one existing, safe file: method check (405), preconditions (304, 412), ranges
 * (206, 416, {@code multipart/byteranges}), then the file through {@code wsgi.file_wrapper}; 403 for a
 * file the server's user may not read, for GET and HEAD alike.
 *
 * <p>The configured Cache-Control goes on the 200, 206 and 304 only: the 412 and 416 are not the file.
 *
 * <p>Validators: a strong ETag made of the size and modification time, and Last-Modified (the
 * modification time, or the time of the response when that is in the future). A Range
 * is honoured on GET only, and only when If-Range (if sent) matches strongly: the same ETag, or
 * exactly the Last-Modified date. For {@linkplain UserContent user content}, every response also
 * carries that policy's headers.
 */
final class FileResponder {
    private static final Header ACCEPT_RANGES = Header.of("Accept-Ranges", "bytes");
    private static final Header VARY = Header.of("Vary", "Accept-Encoding");

    private final MediaTypes mediaTypes;
    private final int maxRanges;
    private final Header cacheControl;
    private final boolean userContent;

    FileResponder(MediaTypes mediaTypes, int maxRanges, String cacheControl, boolean userContent) {
        this.mediaTypes = mediaTypes;
        this.maxRanges = maxRanges;
        this.cacheControl = cacheControl == null ? null : Header.of("Cache-Control", cacheControl);
        this.userContent = userContent;
    }

    /**
     * Answers with {@code file}. {@code typeName} names the file whose extension gives the type (the
     * original when {@code file} is its precompressed sibling); {@code encoding} is that sibling's
     * Content-Encoding, else null; {@code vary} adds {@code Vary: Accept-Encoding}.
     */
    Iterable<byte[]> respond(Environ environ, StartResponse startResponse, Path file, BasicFileAttributes attrs,
            String typeName, String encoding, boolean vary) throws IOException {
        return respond(environ, startResponse, file, attrs, typeName, encoding, vary, true);
    }

    private Iterable<byte[]> respond(Environ environ, StartResponse startResponse, Path file, BasicFileAttributes attrs,
            String typeName, String encoding, boolean vary, boolean mayLookAgain) throws IOException {
        String method = environ.requestMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            return TextAnswer.methodNotAllowed(startResponse, method, "GET, HEAD");
        }
        long size = attrs.size();
        long mtime = attrs.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime)
                + (encoding == null ? "" : "-" + encoding) + "\"";
        // RFC 9110 section 8.8.2.1: a modification time in the future goes out as now; a client holding
        // the future date would otherwise be told "not modified" about every change until that date
        long modified = Math.min(mtime, System.currentTimeMillis());
        List<Header> headers = new ArrayList<>(10);
        headers.add(Header.of("ETag", etag));
        if (vary) {
            headers.add(VARY);
        }
        headers.add(Header.of("Last-Modified", HttpDate.format(modified)));
        // Cache-Control goes only on responses that stand for the file (200, 206, 304): a shared cache may
        // store a 412 or 416 with explicit freshness under the URL alone (RFC 9111 section 3) and serve it to
        // every later GET, so one request's failing If-Match or Range would take the file away for max-age
        int cacheControlAt = headers.size();
        if (userContent) {
            headers.addAll(UserContent.ALWAYS);
        }
        int precondition = ConditionalGet.evaluate(environ, etag, modified);
        String type = mediaTypes.forFileName(typeName);
        if (precondition != 0) {
            if (precondition == 304) {
                addCacheControl(headers, cacheControlAt);
                // a Gzip outside gives the 304 the validator of the 200 it would have compressed
                List<Header> of200 = new ArrayList<>(headers);
                of200.add(Header.of("Content-Type", type));
                of200.add(Header.of("Content-Length", Long.toString(size)));
                if (encoding != null) {
                    of200.add(Header.of("Content-Encoding", encoding));
                }
                NotModified.remember(environ, of200, null);
            }
            startResponse.start(Status.of(precondition), headers);
            return List.of();
        }
        if (userContent && !UserContent.showsInline(type)) {
            headers.add(Header.of("Content-Disposition", UserContent.contentDisposition(typeName)));
        }
        headers.add(ACCEPT_RANGES);
        List<ByteRanges.Range> ranges = head ? null : ranges(environ, size, etag, modified);
        if (ranges == ByteRanges.UNSATISFIABLE) {
            headers.add(Header.of("Content-Range", "bytes */" + size));
            return TextAnswer.send(startResponse, 416, "the file has " + size + " bytes", headers);
        }
        addCacheControl(headers, cacheControlAt);
        // only a body cut from the file is in the sibling's coding; the 416 text above is plain
        if (encoding != null) {
            headers.add(Header.of("Content-Encoding", encoding));
        }
        FileChannel channel;
        try {
            // opened for HEAD too, so that HEAD answers what GET would (RFC 9110 section 9.3.2)
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            // another user's file, an upload in progress: the client learns it may not have it, the
            // operator which file in one line (a 500 put a stack trace in the log per request)
            environ.errors().println("StaticFiles: the server may not read " + file + ", answered 403");
            return TextAnswer.send(startResponse, 403, "the server may not read this file");
        } catch (NoSuchFileException e) {
            return NotFound.INSTANCE.call(environ, startResponse); // deleted since it was found
        }
        long openedSize;
        try {
            openedSize = channel.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (openedSize != size) {
            // rewritten or replaced since it was looked up (a deploy renaming files into place): the
            // length, validators and ranges above describe another file; answered from the one opened,
            // looked at again, else a longer file would go out cut to the old length and look whole
            channel.close();
            if (!mayLookAgain) {
                return TextAnswer.send(startResponse, 503, "the file is changing; try again");
            }
            BasicFileAttributes now;
            try {
                now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return NotFound.INSTANCE.call(environ, startResponse);
            }
            return respond(environ, startResponse, file, now, typeName, encoding, vary, false);
        }
        if (head) {
            channel.close();
            channel = null;
        }
        try {
            return send(environ, startResponse, channel, headers, type, size, ranges);
        } catch (RuntimeException | Error e) {
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
    }

    private void addCacheControl(List<Header> headers, int at) {
        if (cacheControl != null) {
            headers.add(at, cacheControl);
        }
    }

    /**
     * Starts the response and returns its body: the whole file or one range through the file wrapper
     * (no body for HEAD, where {@code channel} is null), or several ranges as {@code multipart/byteranges}.
     */
    private static Iterable<byte[]> send(Environ environ, StartResponse startResponse, FileChannel channel,
            List<Header> headers, String type, long size, List<ByteRanges.Range> ranges) {
        if (ranges == null || ranges.size() == 1) {
            ByteRanges.Range r = ranges == null ? null : ranges.get(0);
            long length = r == null ? size : r.length();
            headers.add(Header.of("Content-Type", type));
            if (r != null) {
                headers.add(Header.of("Content-Range", r.contentRange(size)));
            }
            headers.add(Header.of("Content-Length", Long.toString(length)));
            startResponse.start(r == null ? Status.OK : Status.of(206), headers);
            long first = r == null ? 0 : r.first();
            return channel == null ? List.of()
                    : environ.fileWrapper().wrap(channel, first, length, FileBody.DEFAULT_BLOCK_SIZE);
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String boundary = Long.toHexString(random.nextLong() | Long.MIN_VALUE)
                + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        MultipartRanges body = new MultipartRanges(channel, ranges, boundary, type, size);
        headers.add(Header.of("Content-Type", "multipart/byteranges; boundary=" + boundary));
        headers.add(Header.of("Content-Length", Long.toString(body.length())));
        startResponse.start(Status.of(206), headers);
        return body;
    }

    /** The ranges to send, UNSATISFIABLE, or null for the whole file. */
    private List<ByteRanges.Range> ranges(Environ environ, long size, String etag, long modified) {
        String range = environ.header("Range");
        if (range == null || !ifRangeAllows(environ.header("If-Range"), etag, modified)) {
            return null;
        }
        return ByteRanges.parse(range, size, maxRanges);
    }

    /**
     * A 301 to the directory's path with a trailing slash, keeping the query. Leading slashes collapse
     * to one: {@code //evil.example/} would be read by a browser as another host.
     */
    static Iterable<byte[]> redirectToSlash(Environ environ, StartResponse startResponse) {
        String query = environ.queryString();
        String path = PercentCodec.encodePath(environ.scriptName() + environ.pathInfo() + "/");
        int extra = 0;
        while (extra + 1 < path.length() && path.charAt(extra) == '/' && path.charAt(extra + 1) == '/') {
            extra++;
        }
        // a gateway passes a query's UTF-8 bytes as sent, and a URL holds them escaped: the same bytes decoded
        String location = path.substring(extra) + (query.isEmpty() ? "" : "?" + PercentCodec.encodeQuery(query));
        return TextAnswer.redirect(startResponse, 301, location);
    }

    /** If-Range (RFC 9110 section 13.1.5): absent, a strongly matching ETag, or exactly Last-Modified. */
    static boolean ifRangeAllows(String ifRange, String etag, long modified) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return EntityTags.isValid(v) && EntityTags.anyMatch(v, etag, true);
        }
        long date = HttpDate.parse(v);
        return date >= 0 && date / 1000 == modified / 1000;
    }
}
