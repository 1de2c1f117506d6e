// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormTest {
    private final TestClient client = TestClient.of(PagesApp.APP);

    private Form edit() {
        return client.get("/form").send().form("edit");
    }

    @Test
    void readsEveryFieldAsABrowserWouldSubmitIt() {
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("csrf", List.of("tok-1"));
        expected.put("title", List.of("Draft"));
        expected.put("body", List.of("Hello\r\nworld"));   // line breaks as browsers send them
        expected.put("kind", List.of("bee"));              // the selected option's value
        expected.put("size", List.of("s"));                // none selected: the first option
        expected.put("notify", List.of("yes"));            // checked
        expected.put("public", List.of());                 // unchecked: known, no value
        expected.put("color", List.of("blue"));            // the checked radio
        assertEquals(expected, edit().fields(), "disabled, file, submit inputs are not fields");
    }

    @Test
    void resolvesMethodAndActionAgainstThePage() {
        Form f = edit();
        assertEquals("POST", f.method());
        assertEquals("/submit?from=form", f.action());
        assertEquals("GET", client.get("/form").send().form("search").method());
    }

    @Test
    void findsFormsByIdNameOrIndex() {
        TestResponse page = client.get("/form").send();
        assertEquals("/elsewhere", page.form().action());
        assertEquals("/submit?from=form", page.form("editor").action());
        assertEquals("/find?stale=1", page.form("2").action());
        assertEquals(4, page.forms().size());
    }

    @Test
    void aMissingFormListsTheFormsThereAre() {
        AssertionError e = assertThrows(AssertionError.class, () -> client.get("/form").send().form("nope"));
        assertTrue(e.getMessage().startsWith("no form with id or name \"nope\" (or index) in the page; its forms:\n"
                + "  0: id=\"other\" name=\"\" action=\"/elsewhere\"\n"), e.getMessage());
        assertTrue(e.getMessage().contains("request:  GET /form HTTP/1.1"), e.getMessage());
    }

    @Test
    void settingAFieldThePageLacksFailsNamingTheFields() {
        AssertionError e = assertThrows(AssertionError.class, () -> edit().set("titel", "x"));
        assertEquals("the form has no field \"titel\"; its fields: [csrf, title, body, kind, size, notify, public,"
                + " color] (add one that the page lacks with add(name, value))", e.getMessage());
    }

    @Test
    void checkboxesAreSetByValueAndUncheckedWithNone() {
        TestResponse r = edit().set("notify").set("public", "on").submit();
        r.assertContains("&size=s&public=on&color=blue").assertNotContains("notify");
    }

    /**
     * A radio group has one checked button: where the markup marks several {@code checked}, a browser
     * keeps the last (checking one unchecks the others of its group, HTML's radio button group rule).
     */
    @Test
    void ofSeveralRadioButtonsMarkedCheckedOnlyTheLastIsSent() {
        TestResponse p = page("<form method=post action=/x><input type=hidden name=size value=none>"
                + "<input type=radio name=size value=s checked><input type=radio name=size value=m checked>"
                + "<input type=radio name=size value=l><input type=checkbox name=tag value=a checked>"
                + "<input type=checkbox name=tag value=b checked></form>");
        assertEquals(List.of("none", "m"), p.form().fields().get("size"), "the hidden input of the name stays");
        assertEquals(List.of("a", "b"), p.form().fields().get("tag"), "checkboxes are not a group");
        p.form().submit().assertContains("\nsize=none&size=m&tag=a&tag=b");
    }

    @Test
    void uncheckingABoxKeepsTheHiddenInputOfTheSameNameAsABrowserDoes() {
        // the hidden "0" beside a checkbox (Rails' check_box) is sent checked or not; set() dropped it too,
        // so an unchecked box sent nothing where a browser sends agree=0
        TestResponse p = page("<form method=post action=/x><input type=hidden name=agree value=0>"
                + "<input type=checkbox name=agree value=1 checked><input name=t value=a></form>");
        assertEquals(List.of("0", "1"), p.form().fields().get("agree"));
        p.form().set("agree").submit().assertContains("\nagree=0&t=a");
        p.form().set("agree", "1").submit().assertContains("\nagree=0&agree=1&t=a");
        p.form().set("t", "b").submit().assertContains("\nagree=0&agree=1&t=b");
    }

    @Test
    void aMultipartFormSendsItsFieldsAsParts() {
        TestResponse r = client.get("/form").send().form("upload").submit();
        r.assertContains("type=multipart/form-data; boundary=").assertContains("name=\"csrf\"\r\n\r\ntok-2\r\n");
    }

    @Test
    void aFileGoesUpInAMultipartForm() {
        TestResponse r = page("<form method=post action=/x enctype=multipart/form-data><input name=t value=v>"
                + "<input type=file name=attachment><button name=preview value=Preview>P</button></form>").form()
                .file("attachment", "a.txt", "A".getBytes(), "text/plain").submit("preview");
        r.assertContains("name=\"attachment\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nA\r\n")
                .assertContains("name=\"preview\"\r\n\r\nPreview\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<form method=post action=/x>                                  | with enctype application/x-www-form-urlencoded",
        "<form action=/x enctype=multipart/form-data>                  | with method GET",
        "<form method=post action=/x enctype=text/plain>               | with enctype text/plain",
    })
    void aFileInAFormThatCannotUploadItFailsNamingTheFix(String formTag, String how) {
        // the file went up as multipart anyway, so a form that forgot enctype=multipart/form-data (a browser then
        // sends only the file's name) passed its tests
        Form f = page(formTag + "<input type=file name=doc></form>").form()
                .file("doc", "a.txt", "A".getBytes(), "text/plain");
        AssertionError e = assertThrows(AssertionError.class, f::submit);
        assertTrue(e.getMessage().contains(how) && e.getMessage().contains("only the file's name")
                && e.getMessage().contains("enctype=\"multipart/form-data\""), e.getMessage());
    }

    @Test
    void aButtonThatSubmitsAsMultipartUploadsTheFile() {
        page("<form method=post action=/x><input type=file name=doc>"
                + "<button name=up formenctype=multipart/form-data>Up</button></form>").form()
                .file("doc", "a.txt", "A".getBytes(), "text/plain").submit("up")
                .assertContains("filename=\"a.txt\"");
    }

    @Test
    void aFileThatCannotBeSentIsRefusedWhereItIsAddedNotInSubmit() {
        // Form.file kept anything, and submit() failed later, far from the call that was wrong
        assertThrows(NullPointerException.class, () -> edit().file(null, "a.txt", new byte[0], "text/plain"));
        assertThrows(NullPointerException.class, () -> edit().file("attachment", null, new byte[0], "text/plain"));
        assertThrows(NullPointerException.class, () -> edit().file("attachment", "a.txt", new byte[0], null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> edit().file("attachment", "a.txt", new byte[0], "text/plain\r\nX-Injected: 1"));
        assertTrue(e.getMessage().contains("\\r\\n"), e.getMessage());
    }

    @Test
    void pressingAMissingButtonFails() {
        assertEquals("the form has no submit button named \"delete\"",
                assertThrows(AssertionError.class, () -> edit().submit("delete")).getMessage());
    }

    @Test
    void aMissingLinkListsTheLinks() {
        AssertionError e = assertThrows(AssertionError.class, () -> client.get("/links").send().clickLink("Edit"));
        assertTrue(e.getMessage().startsWith("no link with text \"Edit\" in the page; its links:\n"
                + "  \"Edit the page\" -> /form#top\n  \"Find\" -> find?q=x y\n"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        // href or action, where it leads from /list/items?page=1 (RFC 3986 section 5.4)
        "?page=2,          /list/items?page=2",
        "'',               /list/items?page=1",
        "/../top,          /top",
        "../../../top,     /top",
    })
    void linksAndActionsResolveAgainstThePageAsRfc3986Says(String href, String expected) {
        TestResponse page = TestClient.of((env, sr) -> {
            sr.start("200 OK", io.wsgi4j.Headers.of("Content-Type", "text/html"));
            return io.wsgi4j.Body.of("<a href=\"" + href + "\">Next</a><form method=post action=\"" + href
                    + "\"></form>");
        }).get("/list/items?page=1").send();
        assertEquals(expected, page.form().action());
        assertEquals(expected, page.clickLink("Next").url().replace("http://localhost", ""));
    }

    @ParameterizedTest
    @CsvSource({
        // <base href>, href or action, where it leads from /list/items?page=1 (HTML: the document base URL)
        "/docs/,                intro,  /docs/intro",
        "../other/,             x?y=1,  /other/x?y=1",            // the base itself resolved against the page
        "?page=9,               '',     /list/items?page=9",
        "http://cdn.example/s/, a,      http://cdn.example/s/a",  // another host: an absolute target
        "/docs/,                /abs,   /abs",
    })
    void linksAndActionsResolveAgainstTheFirstBaseWithAnHref(String base, String href, String expected) {
        String html = "<head><base target=_self><base href=\"" + base + "\"><base href=/ignored/></head><body>"
                + "<a href=\"" + href + "\">Next</a><form method=post action=\"" + href + "\"></form>";
        TestResponse page = TestClient.of((env, sr) -> {
            sr.start("200 OK", io.wsgi4j.Headers.of("Content-Type", "text/html"));
            return io.wsgi4j.Body.of(html);
        }).get("/list/items?page=1").send();
        assertEquals(expected, page.clickLink("Next").url().replace("http://localhost", ""));
        if (!href.isEmpty()) {
            assertEquals(expected, page.form().action());
        }
    }

    @Test
    void aPostFormWithNoFieldsStillSendsAnEmptyUrlencodedBody() {
        // HTML's form submission: a POST form encodes its (here empty) entry list as the body and names its type,
        // so the application sees CONTENT_TYPE application/x-www-form-urlencoded and CONTENT_LENGTH 0
        TestResponse r = page("<form method=post action=/logout><button>Log out</button></form>").form().submit();
        r.assertContains("POST /logout?\n").assertContains("\ntype=application/x-www-form-urlencoded\n");
    }

    @Test
    void aFormWithoutActionSubmitsToThePageNotToTheBase() {
        // HTML: an empty action is the form document's URL, whatever its <base>
        assertEquals("/page", page("<base href=/docs/><form method=post><input name=a></form>").form().action());
    }

    private static TestResponse page(String html) {
        // the page at /page; every other request is answered by PagesApp's echo
        return TestClient.of((env, sr) -> {
            if (env.requestMethod().equals("GET") && env.pathInfo().equals("/page")) {
                sr.start("200 OK", io.wsgi4j.Headers.of("Content-Type", "text/html"));
                return io.wsgi4j.Body.of(html);
            }
            return PagesApp.APP.call(env, sr);
        }).get("/page").send();
    }

    @ParameterizedTest
    @CsvSource({
        // href or action, the target sent, the PATH_INFO the application sees
        "/100%,      /100%25,    /100%",
        "/a%zz,      /a%25zz,    /a%zz",
        "/x%2,       /x%252,     /x%2",
        "/ok%41%2f,  /ok%41%2f,  /okA/",     // a well-formed escape stays as it is
        "/q?p=50%,   /q?p=50%25, /q",
    })
    void aPercentSignThatStartsNoEscapeIsFollowedAsPercent25(String href, String target, String pathInfo) {
        TestResponse p = page("<a href=\"" + href + "\">Go</a><form method=post action=\"" + href + "\"></form>");
        assertEquals(target, p.form().action());
        TestResponse r = p.clickLink("Go");
        assertEquals("http://localhost" + target, r.url());
        r.assertContains("GET " + pathInfo + "?");
    }

    @ParameterizedTest
    @CsvSource({"put, GET", "delete, GET", "'', GET", "Post, POST", "get, GET"})
    void aMethodOtherThanGetOrPostSubmitsAsGetAsInABrowser(String method, String expected) {
        // HTML: the method attribute's invalid value default is GET (PUT needs a script or _method)
        Form f = page("<form method=\"" + method + "\" action=/x><input name=a value=1></form>").form();
        assertEquals(expected, f.method());
        f.submit().assertContains(expected + " /x?");
    }

    @Test
    void readsFieldsAsABrowserSubmitsThem() {
        Form f = page("<form method=post action=/x>"
                + "<textarea name=t>\nfirst line</textarea>"                          // the newline after the tag is not content
                + "<fieldset disabled><legend><input name=inLegend value=1></legend>"
                + "<input name=off value=1></fieldset>"                                 // disabled by its fieldset
                + "<select name=one><option selected>a<option selected>b<option>c</select>" // the last selected
                + "</form>").form();
        Map<String, List<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("t", List.of("first line"));
        expected.put("inLegend", List.of("1"));
        expected.put("one", List.of("b"));
        assertEquals(expected, f.fields());
    }

    @Test
    void theButtonPressedSubmitsWithItsOwnActionMethodAndEncoding() {
        // HTML: a submit button's formaction, formmethod and formenctype replace the form's when it submits
        TestResponse p = page("<form method=post action=/x enctype=multipart/form-data><input name=a value=1>"
                + "<button name=del value=1 formaction=/delete formenctype=application/x-www-form-urlencoded>"
                + "Delete</button>"
                + "<button name=find value=f formmethod=get>Find</button>"
                + "<button name=here value=h formaction=''>Here</button>"          // empty: the page's own URL
                + "<input type=submit name=plain value=p formaction=/y?k=v>"
                + "<input type=image name=img formmethod=GET formaction=/z></form>");
        p.form().submit("del").assertContains("POST /delete?\n")
                .assertContains("type=application/x-www-form-urlencoded").assertContains("\na=1&del=1");
        p.form().submit("find").assertContains("GET /x?a=1&find=f\n");
        p.form().submit("here").assertContains("POST /page?\n").assertContains("name=\"here\"\r\n\r\nh\r\n");
        p.form().submit("plain").assertContains("POST /y?k=v\n").assertContains("type=multipart/form-data;");
        p.form().submit("img").assertContains("GET /z?a=1&img.x=0&img.y=0\n");
        p.form().submit().assertContains("POST /x?\n").assertContains("type=multipart/form-data;");
        assertEquals("POST /x", p.form().method() + " " + p.form().action(), "the form's own, whatever its buttons");
    }

    @Test
    void aButtonThatDoesNotSubmitCannotSubmitTheForm() {
        // HTML: <button type=button> runs a script, <button type=reset> clears the fields; neither submits
        TestResponse p = page("<form method=post action=/x><input name=a value=1>"
                + "<button type=button name=preview>Preview</button><button type=RESET name=clear>Clear</button>"
                + "<button name=go value=1>Go</button></form>");

        AssertionError e = assertThrows(AssertionError.class, () -> p.form().submit("preview"));
        assertTrue(e.getMessage().contains("type=\"button\""), e.getMessage());
        assertThrows(AssertionError.class, () -> p.form().submit("clear"));
        p.form().submit("go").assertContains("\na=1&go=1"); // no type: a submit button
        TestResponse dialog = page("<form method=dialog><button name=ok>OK</button></form>");
        assertThrows(AssertionError.class, () -> dialog.form().submit("ok")); // closes its dialog, sends nothing
    }

    @Test
    void aTextPlainFormSendsNameValueLines() {
        page("<form method=post action=/x enctype=text/plain><input name=a value='1 & 2'><input name=b value=x=y>"
                + "</form>").form().submit()
                .assertContains("type=text/plain").assertContains("\na=1 & 2\r\nb=x=y\r\n");
    }

    @Test
    void anImageButtonSendsTheCoordinatesOfTheClick() {
        page("<form method=post action=/x><input name=a value=1><input type=image name=go src=go.png></form>")
                .form().submit("go").assertContains("\na=1&go.x=0&go.y=0");
    }

    @Test
    void readsControlsOfAFormTheParserHadToMoveOutOfATable() {
        // a <form> between <table> and <tr> is misnested: browsers (and jsoup) still submit its inputs
        TestResponse page = TestClient.of((env, sr) -> {
            sr.start("200 OK", io.wsgi4j.Headers.of("Content-Type", "text/html"));
            return io.wsgi4j.Body.of("<table><form id=t action=/t><tr><td><input name=a value=1></td></tr></form></table>");
        }).get("/").send();
        assertEquals(Map.of("a", List.of("1")), page.form("t").fields());
    }
}
