// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.middleware.request;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming multipart/form-data parser (RFC 7578 over RFC 2046): one pass over the input with a
 * fixed buffer, so memory stays bounded whatever the body size. Text fields are kept in memory
 * (bounded by {@link Limits#maxFieldBytes()}); files go through {@link SpoolSink}.
 */
final class Multipart {
    private static final int BUFFER = 16 << 10;
    private static final int MAX_PART_HEADER_BYTES = 8 << 10;

    private final InputStream in;
    private final byte[] delimiter;
    private final Limits limits;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    private boolean eof;

    private Multipart(InputStream in, String boundary, Limits limits) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.limits = limits;
        // a virtual CRLF before the body lets the first boundary match the same delimiter as the others
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** Parses a body; on any failure, the temporary files made so far are deleted. */
    static FormData parse(InputStream in, String boundary, Limits limits) {
        FormData.Builder form = new FormData.Builder();
        try {
            new Multipart(in, boundary, limits).readAll(form);
            return form.build();
        } catch (RuntimeException | Error e) {
            form.abandon();
            throw e;
        }
    }

    /** Checks a boundary parameter (RFC 2046: 1 to 70 characters from a small set, not ending in space). */
    static String checkBoundary(String boundary) {
        if (boundary == null || boundary.isEmpty()) {
            throw RequestException.badRequest("multipart/form-data needs a boundary parameter in Content-Type");
        }
        boolean ok = boundary.length() <= 70 && boundary.charAt(boundary.length() - 1) != ' ';
        for (int i = 0; i < boundary.length() && ok; i++) {
            char c = boundary.charAt(i);
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
        }
        if (!ok) {
            throw RequestException.badRequest("multipart boundary must be 1-70 characters of letters, digits and"
                    + " '()+_,-./:=? , got " + RequestException.quote(boundary));
        }
        return boundary;
    }

    private void readAll(FormData.Builder form) throws RuntimeException {
        // text is decoded at the end: the _charset_ field that says how (RFC 7578 section 4.6) may come last;
        // names and file names are in it too (WHATWG HTML, multipart/form-data encoding)
        List<FieldSink> fields = new ArrayList<>();
        List<PartHeaders> fieldHeaders = new ArrayList<>();
        List<SpoolSink> files = new ArrayList<>();
        List<PartHeaders> fileHeaders = new ArrayList<>();
        Charset charset = null;
        readUntilDelimiter(Sink.DISCARD); // the preamble
        while (afterDelimiterIsPart()) {
            if (++form.parts > limits.maxFields()) {
                throw RequestException.tooLarge("the form has more than " + limits.maxFields() + " parts");
            }
            PartHeaders h = PartHeaders.parse(readHeaderBlock(), limits.strictUtf8());
            // what a 413 on this part calls it, before the form's charset is known: as UTF-8, leniently
            PartHeaders named = h.decoded(StandardCharsets.UTF_8, false);
            if (h.filename() == null) {
                FieldSink sink = new FieldSink(named.name(), limits.maxFieldBytes());
                readUntilDelimiter(sink);
                fields.add(sink);
                fieldHeaders.add(h);
                if (charset == null && h.name().equalsIgnoreCase(FormCharset.FIELD)) {
                    charset = FormCharset.named(new String(sink.bytes(), 0, sink.size(), StandardCharsets.ISO_8859_1),
                            "the multipart form");
                }
            } else {
                SpoolSink sink = new SpoolSink(named, limits, form.tempFiles);
                try {
                    readUntilDelimiter(sink);
                } finally {
                    sink.closeFile();
                }
                files.add(sink);
                fileHeaders.add(h);
            }
        }
        Charset text = charset == null ? StandardCharsets.UTF_8 : charset;
        boolean strict = limits.strictUtf8();
        for (int i = 0; i < fields.size(); i++) {
            FieldSink f = fields.get(i);
            String name = fieldHeaders.get(i).decoded(text, strict).name();
            form.fields.add(name, FormCharset.decode(f.bytes(), 0, f.size(), text, strict,
                    "form field " + RequestException.quote(name)));
        }
        for (int i = 0; i < files.size(); i++) {
            form.addFile(files.get(i).upload(fileHeaders.get(i).decoded(text, strict)));
        }
    }

    /** After a delimiter: {@code --} ends the body, optional blanks then CRLF start a part. */
    private boolean afterDelimiterIsPart() {
        if (!ensure(2)) {
            throw RequestException.badRequest("multipart body ends right after a boundary; expected \"--\" or CRLF");
        }
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return false;
        }
        while (ensure(1) && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
        }
        if (!ensure(2) || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw RequestException.badRequest("multipart boundary must be followed by CRLF or \"--\"");
        }
        pos += 2;
        return true;
    }

    /** The part's header lines up to the blank line, as ISO-8859-1 text (one char per byte). */
    private String readHeaderBlock() {
        StringBuilder b = new StringBuilder(128);
        while (true) {
            if (!ensure(1)) {
                throw RequestException.badRequest("multipart body ends inside the headers of a part");
            }
            b.append((char) (buf[pos++] & 0xff));
            int n = b.length();
            if (n == 2 && b.charAt(0) == '\r' && b.charAt(1) == '\n') {
                return "";
            }
            if (n >= 4 && b.charAt(n - 4) == '\r' && b.charAt(n - 3) == '\n' && b.charAt(n - 2) == '\r'
                    && b.charAt(n - 1) == '\n') {
                return b.substring(0, n - 4);
            }
            if (n > MAX_PART_HEADER_BYTES) {
                throw RequestException.tooLarge("the headers of a multipart part are longer than "
                        + MAX_PART_HEADER_BYTES + " bytes");
            }
        }
    }

    /** Passes bytes to {@code sink} up to the next delimiter and consumes the delimiter. */
    private void readUntilDelimiter(Sink sink) {
        while (true) {
            int i = indexOfDelimiter();
            if (i >= 0) {
                sink.write(buf, pos, i - pos);
                pos = i + delimiter.length;
                return;
            }
            // keep a tail that could be the start of a delimiter split across reads
            int safe = lim - (delimiter.length - 1);
            if (safe > pos) {
                sink.write(buf, pos, safe - pos);
                pos = safe;
            }
            if (!fill()) {
                throw RequestException.badRequest("multipart body ends inside a part: the closing boundary is missing");
            }
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        outer:
        for (int i = pos, last = lim - delimiter.length; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private boolean ensure(int n) {
        while (lim - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        try {
            int n = in.read(buf, lim, buf.length - lim);
            if (n < 0) {
                eof = true;
                return false;
            }
            lim += n;
            return true;
        } catch (IOException e) {
            throw RequestException.readFailed("the multipart body", e);
        }
    }

    /** Where the bytes of a part go. */
    interface Sink {
        Sink DISCARD = (b, off, n) -> { };

        void write(byte[] b, int off, int n);
    }
}
