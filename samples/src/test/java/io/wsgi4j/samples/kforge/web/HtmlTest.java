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
}
