// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wsgi4j.Environ;
import io.wsgi4j.middleware.session.Csrf;
import io.wsgi4j.middleware.session.Session;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain             | plain",
        "<b>               | &lt;b&gt;",
        "a & b             | a &amp; b",
        "'say \"hi\"'      | say &quot;hi&quot;",
        "it's              | it&#39;s",
        "é ü 日本          | é ü 日本",
    })
    void escapesTheFiveSpecialCharacters(String text, String escaped) {
        assertEquals(escaped, Html.escape(text));
    }

    @Test
    void escapesNullAsEmpty() {
        assertEquals("", Html.escape(null));
    }

    @Test
    void encodesLinkPathsAndEscapesLinkText() {
        assertEquals("<a href=\"/w/a%20b\">&lt;x&gt;</a>", Html.link("/w/a b", "<x>"));
    }

    @Test
    void putsAVerifiableCsrfTokenInEveryForm() {
        Environ environ = new Environ();
        environ.put(Session.KEY, Session.empty());

        String form = Html.form(environ, "/save", Html.submit("Go"));

        Matcher m = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"").matcher(form);
        assertTrue(m.find(), form);
        assertTrue(Csrf.verify(environ, m.group(1)));
        assertTrue(form.startsWith("<form method=\"post\" action=\"/save\">"), form);
    }

    @Test
    void makesUploadFormsMultipart() {
        Environ environ = new Environ();
        environ.put(Session.KEY, Session.empty());

        assertTrue(Html.uploadForm(environ, "/up", "").startsWith(
                "<form enctype=\"multipart/form-data\" method=\"post\" action=\"/up\">"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2026-12-05T19:12:00.927124357Z, 5 Dec 2026&#44; 19:12 UTC",
        "2026-01-31T00:00:00Z,           31 Jan 2026&#44; 00:00 UTC",
    })
    void printsStoredTimesForPeopleAndKeepsTheExactValue(String stored, String shown) {
        String human = shown.replace("&#44;", ",");
        assertEquals("<time datetime=\"" + stored + "\">" + human + "</time>", Html.date(stored));
    }

    @Test
    void showsAnUnparsableTimeEscapedAsItIs() {
        assertEquals("&lt;soon&gt;", Html.date("<soon>"));
    }

    @ParameterizedTest(name = "{0} member(s)")
    @CsvSource({"0, 0 members", "1, 1 member", "2, 2 members"})
    void countsInTheSingularOnlyForOne(long n, String text) {
        assertEquals(text, Html.count(n, "member"));
    }

    @Test
    void labelsEveryFieldThroughFor() {
        assertEquals("<p class=\"field\"><label for=\"title\">Title</label>\n<input type=\"text\" name=\"title\""
                + " id=\"title\" value=\"a&quot;b\"></p>\n", Html.input("Title", "title", "text", "a\"b"));
        assertTrue(Html.textarea("Text", "text", 3, "<x>").contains("<label for=\"text\">Text</label>"));
        assertTrue(Html.textarea("Text", "text", 3, "<x>").contains("rows=\"3\">\n&lt;x&gt;</textarea>"));
        assertTrue(Html.select("Role", "role", "A", "B").contains("<label for=\"role\">Role</label>\n<select"
                + " name=\"role\" id=\"role\"><option>A</option><option>B</option></select>"));
        assertTrue(Html.checkbox("Private", "private", true).contains("id=\"private\" value=\"on\" checked>"
                + " <label for=\"private\">Private</label>"));
    }
}
