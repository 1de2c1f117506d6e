// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.wiki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WikiTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain                    | <p>plain</p>\\n",
        "'= Title'                | <h2>Title</h2>\\n",
        "'a\\n\\nb'                 | <p>a</p>\\n<p>b</p>\\n",
        "'line1\\nline2'           | <p>line1<br>\\nline2</p>\\n",
        "<script>x</script>       | <p>&lt;script&gt;x&lt;/script&gt;</p>\\n",
        "'see [[Next]] & more'    | <p>see <a href=\"/w/Next\">Next</a> &amp; more</p>\\n",
        "'[[not a page]]'         | <p>[[not a page]]</p>\\n",
        "'[[x\"onclick=y]]'       | <p>[[x&quot;onclick=y]]</p>\\n",
        "'* one\\n* two'           | <ul>\\n<li>one</li>\\n<li>two</li>\\n</ul>\\n",
        "'- one\\n- [[Two]]'       | <ul>\\n<li>one</li>\\n<li><a href=\"/w/Two\">Two</a></li>\\n</ul>\\n",
        "'Intro:\\n* a\\nafter'      | <p>Intro:</p>\\n<ul>\\n<li>a</li>\\n</ul>\\n<p>after</p>\\n",
        "'**bold** and *it*'      | <p><strong>bold</strong> and <em>it</em></p>\\n",
        "'`a<b` x'                | <p><code>a&lt;b</code> x</p>\\n",
        "'2 * 3 * 4'              | <p>2 * 3 * 4</p>\\n",
        "'* <script>alert(1)</script>' | <ul>\\n<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>\\n</ul>\\n",
        "'**<img src=x onerror=y>**' | <p><strong>&lt;img src=x onerror=y&gt;</strong></p>\\n",
    })
    void rendersParagraphsHeadingsAndLinksAndEscapesEverythingElse(String source, String html) {
        assertEquals(html.replace("\\n", "\n"), WikiText.render(source.replace("\\n", "\n"), "/w"));
    }

    /**
     * A page one person may save (a 64 KiB form field) and every visitor renders: markers that open and
     * never close made each a scan to the end of the line, quadratic in its length.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"'*a '", "'**a '", "'**a* '"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard, not a measurement
    void rendersALongLineOfMarkersThatNeverCloseInOnePass(String unit) {
        String line = unit.repeat((1 << 20) / unit.length());
        assertEquals("<p>" + line.strip() + "</p>\n", WikiText.render(line, "/w"));
    }
}
