// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * A response's HTML, parsed with jsoup (which parses real-world HTML as a browser does: unclosed tags,
 * stray markup), for finding its forms and links.
 */
final class HtmlPage {
    private final TestResponse response;
    private final Document doc;

    private HtmlPage(TestResponse response) {
        this.response = response;
        this.doc = Jsoup.parse(response.text(), url(response));
    }

    static HtmlPage of(TestResponse response) {
        return new HtmlPage(response);
    }

    List<Form> forms() {
        List<Form> all = new ArrayList<>();
        for (Element f : doc.select("form")) {
            all.add(new Form(response, f));
        }
        return List.copyOf(all);
    }

    /** The form with id or name {@code key}, the {@code key}-th when numeric, or the first when null. */
    Form form(String key) {
        Elements forms = doc.select("form");
        if (forms.isEmpty()) {
            throw new AssertionError("expected a <form> in the page, found none\n" + describe());
        }
        if (key == null) {
            return new Form(response, forms.get(0));
        }
        if (!key.isEmpty() && key.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(key);
            if (i < forms.size()) {
                return new Form(response, forms.get(i));
            }
        }
        for (Element f : forms) {
            if (key.equals(f.id()) || key.equals(f.attr("name"))) {
                return new Form(response, f);
            }
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            Element f = forms.get(i);
            names.add(i + ": id=\"" + f.id() + "\" name=\"" + f.attr("name") + "\" action=\"" + f.attr("action") + "\"");
        }
        throw new AssertionError("no form with id or name \"" + key + "\" (or index) in the page; its forms:\n  "
                + String.join("\n  ", names) + "\n" + describe());
    }

    /** Follows the first link whose text (whitespace collapsed) is {@code text}. */
    TestResponse clickLink(String text) {
        Elements links = doc.select("a[href]");
        for (Element a : links) {
            if (a.text().equals(text)) {
                return response.client().get(target(response, doc, a.attr("href"))).send();
            }
        }
        List<String> all = new ArrayList<>();
        for (Element a : links) {
            all.add("\"" + a.text() + "\" -> " + a.attr("href"));
        }
        throw new AssertionError("no link with text \"" + text + "\" in the page; its links:\n  "
                + (all.isEmpty() ? "(none)" : String.join("\n  ", all)) + "\n" + describe());
    }

    private String describe() {
        return ResponseText.describe(response.requestLine(), response.statusLine(), response.headers(),
                response.bytes());
    }

    /**
     * {@code href} with the characters a URI cannot hold percent-encoded (UTF-8), as browsers send them.
     * A {@code %} that starts no {@code %XX} escape ({@code /100%}, {@code /a%zz}) becomes {@code %25}:
     * browsers follow such a link, keeping the {@code %} as it is (the URL Standard calls it a validation
     * error, not a failure), but a URI cannot hold it, here nor as the next page's URL. The application
     * sees the same PATH_INFO either way, since a server decodes a stray {@code %} as itself.
     */
    private static String lenient(String href) {
        byte[] bytes = href.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0 || (c == '%' && !escapeAt(bytes, i))) {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** Whether {@code bytes[i]}, a {@code %}, is followed by two hex digits. */
    private static boolean escapeAt(byte[] bytes, int i) {
        return i + 2 < bytes.length
                && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0;
    }

    /** The response's URL, the document's URL in HTML's terms. */
    static String url(TestResponse response) {
        return response.url() == null ? "http://localhost/" : response.url();
    }

    /**
     * The document base URL, as HTML defines it: the href of the first {@code base} element that has
     * one, resolved against the page's URL; the page's URL when there is none or it does not resolve.
     */
    private static URI base(URI page, Document doc) {
        Element base = doc.selectFirst("base[href]");
        if (base == null) {
            return page;
        }
        try {
            URI u = References.resolve(page, URI.create(lenient(base.attr("href").trim())));
            return u.isOpaque() ? page : u; // about:blank, javascript:... cannot be a base for a relative link
        } catch (IllegalArgumentException e) {
            return page; // HTML: a base href that fails to parse leaves the page's URL as the base
        }
    }

    /**
     * {@code href} resolved against the document base URL of {@code doc} (its {@code <base href>}, else
     * the response's URL), as a target for the same client: path and query when it stays on the page's
     * scheme and host, else the absolute URL. The fragment is dropped.
     */
    static String target(TestResponse response, Document doc, String href) {
        URI page = URI.create(url(response));
        URI u = References.resolve(base(page, doc), URI.create(lenient(href.trim())));
        String pathAndQuery = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        if (java.util.Objects.equals(u.getScheme(), page.getScheme())
                && java.util.Objects.equals(u.getRawAuthority(), page.getRawAuthority())) {
            return pathAndQuery;
        }
        return u.getScheme() + "://" + u.getRawAuthority() + pathAndQuery;
    }
}
