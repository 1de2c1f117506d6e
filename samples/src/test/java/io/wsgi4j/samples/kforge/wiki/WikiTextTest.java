// SPDX-License-Identifier: Apache-2.0
package io.wsgi4j.samples.kforge.wiki;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    })
    void rendersParagraphsHeadingsAndLinksAndEscapesEverythingElse(String source, String html) {
        assertEquals(html.replace("\\n", "\n"), WikiText.render(source.replace("\\n", "\n"), "/w"));
    }
}
