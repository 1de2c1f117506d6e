// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * A form read out of an HTML response, to fill in and submit as a browser would.
 *
 * <pre>{@code
 * TestResponse page = client.get("/login").send();
 * page.form("login").set("user", "ada").set("password", "secret").submit().assertStatus(303);
 * }</pre>
 *
 * <p>What is read, following HTML's form submission rules: every named, enabled {@code input} (hidden
 * ones too, so a CSRF token goes back unchanged; a control inside a disabled {@code fieldset} is
 * disabled too), checkboxes and radio buttons only when {@code checked} (value {@code on} when none is
 * given), {@code textarea} text, the selected options of each {@code select} (in a single select the
 * last one selected, or the first option when none is). Submit buttons, resets, images and file inputs
 * are not fields; {@link #submit(String)} adds the button pressed, {@link #file} adds a file. The
 * method is the form's: {@code POST} for {@code post}, else {@code GET}, as in browsers, which submit
 * an invalid method such as {@code put} as {@code GET}. The action is resolved against the page's base
 * URL, as links are: the first {@code <base href>} of the page, else the page's URL (an empty action is
 * the page itself). {@code GET} forms send their fields as the query; others as
 * {@code application/x-www-form-urlencoded}, or {@code multipart/form-data} or {@code text/plain}
 * ({@code name=value} lines, unescaped) when the form says so; a file goes up only in a
 * {@code multipart/form-data} POST. A submit button pressed with {@link #submit(String)} that has a
 * {@code formaction}, {@code formmethod} or {@code formenctype} attribute submits with that instead of
 * the form's {@code action}, {@code method} or {@code enctype}, as in browsers. The request goes through
 * the client that fetched the page, with its cookies.
 *
 * @since 0.2
 */
public final class Form {
    private final TestResponse page;
    private final Element form;
    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    // names of checkboxes and radio buttons, and the hidden inputs' values by name: set() on a box keeps those
    private final Set<String> checkable = new HashSet<>();
    private final Map<String, List<String>> hidden = new HashMap<>();
    private final Map<String, String> checkedRadio = new HashMap<>(); // while reading: each group's checked value
    private final List<Object[]> files = new ArrayList<>();

    Form(TestResponse page, Element form) {
        this.page = page;
        this.form = form;
        // jsoup's FormElement also holds controls the parser moved out of a misnested form (tables, p)
        Iterable<Element> controls = form instanceof FormElement f ? f.elements()
                : form.select("input, textarea, select");
        for (Element e : controls) {
            if (e.is("input, textarea, select")) {
                read(e);
            }
        }
    }

    private void read(Element e) {
        String name = e.attr("name");
        if (name.isEmpty() || disabled(e)) {
            return;
        }
        switch (e.normalName()) {
            case "textarea" -> values(name).add(textareaValue(e));
            case "select" -> {
                List<String> chosen = new ArrayList<>();
                for (Element o : e.select("option")) {
                    if (o.hasAttr("selected") && !o.hasAttr("disabled")) {
                        chosen.add(optionValue(o));
                    }
                }
                if (chosen.isEmpty() && !e.hasAttr("multiple") && !e.select("option").isEmpty()) {
                    chosen.add(optionValue(e.select("option").first()));
                } else if (chosen.size() > 1 && !e.hasAttr("multiple")) {
                    chosen = List.of(chosen.get(chosen.size() - 1)); // a single select keeps the last selected
                }
                values(name).addAll(chosen);
            }
            default -> {
                String type = e.attr("type").toLowerCase(Locale.ROOT);
                switch (type) {
                    case "submit", "button", "image", "reset", "file" -> {
                        // not fields: a button counts only when pressed, a file only when added
                    }
                    case "checkbox", "radio" -> {
                        fields.putIfAbsent(name, new ArrayList<>()); // known, so set() can check it
                        checkable.add(name);
                        if (e.hasAttr("checked")) {
                            String value = e.hasAttr("value") ? e.attr("value") : "on";
                            // a radio group has one checked button: a later one marked checked unchecks the earlier
                            String earlier = type.equals("radio") ? checkedRadio.put(name, value) : null;
                            if (earlier != null) {
                                List<String> v = values(name);
                                v.remove(v.lastIndexOf(earlier));
                            }
                            values(name).add(value);
                        }
                    }
                    case "hidden" -> {
                        values(name).add(e.attr("value"));
                        hidden.computeIfAbsent(name, k -> new ArrayList<>()).add(e.attr("value"));
                    }
                    default -> values(name).add(e.attr("value"));
                }
            }
        }
    }

    /**
     * Whether HTML counts the control as disabled: its own attribute, or a disabled {@code fieldset}
     * around it, unless the control is inside that fieldset's first {@code legend}.
     */
    private static boolean disabled(Element e) {
        if (e.hasAttr("disabled")) {
            return true;
        }
        for (Element child = e, p = e.parent(); p != null; child = p, p = p.parent()) {
            if (p.normalName().equals("fieldset") && p.hasAttr("disabled")
                    && child != p.children().stream().filter(c -> c.normalName().equals("legend")).findFirst()
                            .orElse(null)) {
                return true;
            }
        }
        return false;
    }

    /** The text as browsers send it: without the line break that may follow the start tag, lines ending in CRLF. */
    private static String textareaValue(Element textarea) {
        String text = textarea.wholeText();
        // the HTML parser drops a newline right after <textarea> (an authoring convenience); jsoup keeps it
        text = text.startsWith("\r\n") ? text.substring(2) : text.startsWith("\n") || text.startsWith("\r")
                ? text.substring(1) : text;
        return text.replaceAll("\r\n|\r|\n", "\r\n");
    }

    private static String optionValue(Element option) {
        return option.hasAttr("value") ? option.attr("value") : option.text();
    }

    private List<String> values(String name) {
        return fields.computeIfAbsent(name, k -> new ArrayList<>());
    }

    /**
     * The method the form submits with, upper case: {@code GET} or {@code POST}. Any value but
     * {@code post} is {@code GET}, as browsers treat a missing or invalid method ({@code put}).
     *
     * @since 0.2
     */
    public String method() {
        return method(form.attr("method"));
    }

    private static String method(String attr) {
        return attr.trim().equalsIgnoreCase("post") ? "POST" : "GET";
    }

    /**
     * The action as a target for the client: path and query, or an absolute URL for another host. Like
     * {@link #method()}, the form's own: a button's {@code formaction} counts only when it is pressed.
     *
     * @since 0.2
     */
    public String action() {
        return action(form.attr("action"));
    }

    private String action(String action) {
        // HTML: an empty action is the page's own URL, not the document base URL a <base href> sets
        return HtmlPage.target(page, form.ownerDocument(), action.isBlank() ? HtmlPage.url(page) : action);
    }

    /**
     * The pressed button's {@code buttonAttr} when it has one (HTML's form submission attributes), else
     * the form's {@code formAttr}.
     */
    private String attr(Element submitter, String formAttr, String buttonAttr) {
        return submitter != null && submitter.hasAttr(buttonAttr) ? submitter.attr(buttonAttr) : form.attr(formAttr);
    }

    /** The fields and their values, in document order. @since 0.2 */
    public Map<String, List<String>> fields() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** The first value of field {@code name}, or null when it has none. @since 0.2 */
    public String get(String name) {
        List<String> v = fields.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /**
     * Sets field {@code name} to {@code values} (one for a text field; several for a multiple select or
     * checkboxes sharing a name; none to uncheck). A hidden input that shares its name with checkboxes or
     * radio buttons (the {@code 0} that frameworks such as Rails put beside a box, sent when it is
     * unchecked) keeps its value before them, as in a browser, where a click changes only the box.
     *
     * @return this form
     * @throws AssertionError listing the form's fields when it has no field {@code name}
     * @since 0.2
     */
    public Form set(String name, String... values) {
        Objects.requireNonNull(name, "name");
        if (!fields.containsKey(name)) {
            throw new AssertionError("the form has no field \"" + name + "\"; its fields: " + fields.keySet()
                    + " (add one that the page lacks with add(name, value))");
        }
        List<String> now = new ArrayList<>(checkable.contains(name) ? hidden.getOrDefault(name, List.of()) : List.of());
        now.addAll(List.of(values));
        fields.put(name, now);
        return this;
    }

    /** Adds a value for a field the page does not have (a field a script would add). @since 0.2 */
    public Form add(String name, String value) {
        values(Objects.requireNonNull(name, "name")).add(Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Adds a file for file input {@code field}. Only a form that submits as a {@code multipart/form-data}
     * POST uploads it: submitting any other fails, since a browser would send only the file's name.
     *
     * @throws IllegalArgumentException if {@code contentType} is no header value that could be sent
     * @since 0.2
     */
    public Form file(String field, String filename, byte[] bytes, String contentType) {
        // refused here, as TestRequest.file refuses them, not later in submit()
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType (for example \"application/octet-stream\")");
        io.wsgi4j.Header.of("Content-Type", contentType);
        files.add(new Object[] {field, filename, bytes.clone(), contentType});
        return this;
    }

    /** Submits the form as if by pressing Enter: no button is sent. @since 0.2 */
    public TestResponse submit() {
        return send(null, null);
    }

    /**
     * Submits the form by pressing the submit button named {@code button}, whose name and value are sent
     * (for an image button, the coordinates of the click, {@code button.x} and {@code button.y}, as 0).
     * The button's {@code formaction}, {@code formmethod} and {@code formenctype}, when it has them,
     * replace the form's action, method and encoding for this submission.
     *
     * @throws AssertionError when the form has no such button, or the button does not submit
     *     ({@code type="button"} or {@code "reset"})
     * @since 0.2
     */
    public TestResponse submit(String button) {
        for (Element b : form.select("button[name], input[type=submit][name], input[type=image][name]")) {
            if (b.attr("name").equals(button)) {
                String type = b.is("button") ? b.attr("type").toLowerCase(java.util.Locale.ROOT) : "submit";
                if (type.equals("button") || type.equals("reset")) {
                    throw new AssertionError("the button named \"" + button + "\" is type=\"" + type
                            + "\": pressing it does not submit the form");
                }
                return send(b, b.is("input[type=image]") ? new String[] {button + ".x", "0", button + ".y", "0"}
                        : new String[] {button, b.attr("value")});
            }
        }
        throw new AssertionError("the form has no submit button named \"" + button + "\"");
    }

    private TestResponse send(Element submitter, String[] pressed) {
        TestClient client = page.client();
        String declared = attr(submitter, "method", "formmethod");
        if (declared.trim().equalsIgnoreCase("dialog")) {
            throw new AssertionError("the form's method is \"dialog\": submitting it closes its dialog and sends"
                    + " no request");
        }
        String method = method(declared);
        String action = action(attr(submitter, "action", "formaction"));
        String enctype = attr(submitter, "enctype", "formenctype").trim();
        if (!files.isEmpty() && (method.equals("GET") || !enctype.equalsIgnoreCase("multipart/form-data"))) {
            // HTML's form submission: only a multipart POST uploads a file's content; any other form sends its
            // name in place of the file, so uploading anyway would pass a form that forgot its enctype
            throw new AssertionError("a file was added for field \"" + files.get(0)[0] + "\", but the form submits "
                    + (method.equals("GET") ? "with method GET" : "with enctype "
                            + (enctype.equalsIgnoreCase("text/plain") ? "text/plain"
                                    : "application/x-www-form-urlencoded"))
                    + ", so a browser sends only the file's name; give the form method=\"post\""
                    + " enctype=\"multipart/form-data\" (or the button formmethod and formenctype)");
        }
        if (method.equals("GET")) {
            int q = action.indexOf('?');
            TestRequest r = client.get(q < 0 ? action : action.substring(0, q)); // the fields replace the query
            forEachField(pressed, r::query);
            return r.send();
        }
        TestRequest r = client.request(method, action);
        if (enctype.equalsIgnoreCase("text/plain")) {
            // HTML's text/plain encoding: one "name=value" line per field, nothing escaped
            StringBuilder lines = new StringBuilder();
            forEachField(pressed, (name, value) -> lines.append(name).append('=').append(value).append("\r\n"));
            return r.body(lines.toString(), "text/plain;charset=UTF-8").send();
        }
        r.formBody(); // sent even without fields: a browser posts an empty form as an empty urlencoded body
        forEachField(pressed, (name, value) -> r.form(name, value));
        for (Object[] f : files) {
            r.file((String) f[0], (String) f[1], (byte[]) f[2], (String) f[3]);
        }
        if (enctype.equalsIgnoreCase("multipart/form-data")) {
            r.multipart();
        }
        return r.send();
    }

    private void forEachField(String[] pressed, java.util.function.BiConsumer<String, String> out) {
        fields.forEach((name, values) -> values.forEach(v -> out.accept(name, v)));
        for (int i = 0; pressed != null && i < pressed.length; i += 2) {
            out.accept(pressed[i], pressed[i + 1]);
        }
    }

    @Override
    public String toString() {
        return "Form[" + method() + " " + action() + " " + fields + "]";
    }
}
