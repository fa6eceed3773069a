// An advisory's details as the team writes them in Markdown and the public page shows them: the
// HTML of GitHub Flavored Markdown (expectations from the GFM spec, 0.29-gfm, in cmark's
// serialisation), raw HTML and unsafe links refused by the check with their line and left out by
// the renderer, and the limits of the text.
#include "formats/markdown.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "refusal.h"

namespace embargo::formats {
namespace {

using embargo::testing::refusal_of;

// The message check_markdown refuses `text` with (field "details").
std::string refused(std::string_view text) {
  Refusal r = refusal_of([&] { check_markdown("details", text); });
  EXPECT_EQ(r.field(), "details") << text;
  EXPECT_EQ(r.kind(), Refusal::Kind::invalid) << text;
  return r.what();
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

TEST(MarkdownHtml, RendersHeadingsAtxAndSetext) {
  // The spec's ATX and setext headings.
  EXPECT_EQ(markdown_to_html("# foo\n## foo\n### foo\n#### foo\n##### foo\n###### foo\n"),
            "<h1>foo</h1>\n<h2>foo</h2>\n<h3>foo</h3>\n<h4>foo</h4>\n<h5>foo</h5>\n<h6>foo</h6>\n");
  EXPECT_EQ(markdown_to_html("Foo *bar*\n=========\n\nFoo *bar*\n---------\n"),
            "<h1>Foo <em>bar</em></h1>\n<h2>Foo <em>bar</em></h2>\n");
  // Seven #s make no heading.
  EXPECT_EQ(markdown_to_html("####### foo\n"), "<p>####### foo</p>\n");
}

TEST(MarkdownHtml, EscapesTheTextOfParagraphsAndCode) {
  EXPECT_EQ(markdown_to_html("a < b && c > \"d\"\n"),
            "<p>a &lt; b &amp;&amp; c &gt; &quot;d&quot;</p>\n");
  // Fenced code blocks: the text is kept as it is, escaped.
  EXPECT_EQ(markdown_to_html("```\n<\n >\n```\n"), "<pre><code>&lt;\n &gt;\n</code></pre>\n");
  // The info string's first word names the language.
  EXPECT_EQ(markdown_to_html("```ruby\ndef foo(x)\n  return 3\nend\n```\n"),
            "<pre><code class=\"language-ruby\">def foo(x)\n  return 3\nend\n</code></pre>\n");
  // Indented code blocks.
  EXPECT_EQ(markdown_to_html("    <a/>\n    *hi*\n\n    - one\n"),
            "<pre><code>&lt;a/&gt;\n*hi*\n\n- one\n</code></pre>\n");
  // Code spans: a code span wins over the tag it would cut.
  EXPECT_EQ(markdown_to_html("`<a href=\"`\">`\n"),
            "<p><code>&lt;a href=&quot;</code>&quot;&gt;`</p>\n");
}

TEST(MarkdownHtml, RendersEmphasisListsQuotesAndBreaks) {
  EXPECT_EQ(markdown_to_html("*foo* **bar** `baz`\n"),
            "<p><em>foo</em> <strong>bar</strong> <code>baz</code></p>\n");
  EXPECT_EQ(markdown_to_html("- one\n- two\n"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
  EXPECT_EQ(markdown_to_html("3. a\n4. b\n"), "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n");
  EXPECT_EQ(markdown_to_html("> # Foo\n> bar\n"),
            "<blockquote>\n<h1>Foo</h1>\n<p>bar</p>\n</blockquote>\n");
  EXPECT_EQ(markdown_to_html("foo  \nbar\n"), "<p>foo<br />\nbar</p>\n");
  EXPECT_EQ(markdown_to_html("***\n"), "<hr />\n");
}

TEST(MarkdownHtml, RendersGfmTables) {
  // Tables (extension), example 198.
  EXPECT_EQ(markdown_to_html("| foo | bar |\n| --- | --- |\n| baz | bim |\n"),
            "<table>\n<thead>\n<tr>\n<th>foo</th>\n<th>bar</th>\n</tr>\n</thead>\n<tbody>\n"
            "<tr>\n<td>baz</td>\n<td>bim</td>\n</tr>\n</tbody>\n</table>\n");
  // Example 199: alignment from the delimiter row.
  EXPECT_EQ(markdown_to_html("| abc | defghi |\n:-: | -----------:\nbar | baz\n"),
            "<table>\n<thead>\n<tr>\n<th align=\"center\">abc</th>\n"
            "<th align=\"right\">defghi</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
            "<td align=\"center\">bar</td>\n<td align=\"right\">baz</td>\n</tr>\n</tbody>\n"
            "</table>\n");
  // Example 200: escaped pipes stay in their cell, inline markup included.
  EXPECT_EQ(markdown_to_html("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n"),
            "<table>\n<thead>\n<tr>\n<th>f|oo</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
            "<td>b <code>|</code> az</td>\n</tr>\n<tr>\n<td>b <strong>|</strong> im</td>\n"
            "</tr>\n</tbody>\n</table>\n");
  // The header row must match the delimiter row in cells, or there is no table.
  EXPECT_EQ(markdown_to_html("| abc | def |\n| --- |\n| bar |\n"),
            "<p>| abc | def |\n| --- |\n| bar |</p>\n");
}

TEST(MarkdownHtml, RendersStrikethroughAndTaskLists) {
  // Strikethrough (extension), example 491.
  EXPECT_EQ(markdown_to_html("~~Hi~~ Hello, ~there~ world!\n"),
            "<p><del>Hi</del> Hello, <del>there</del> world!</p>\n");
  // Task list items (extension), example 279: the spec writes <input disabled=""
  // type="checkbox">, so the attributes are compared, not their order or the closing slash.
  std::string html = markdown_to_html("- [ ] foo\n- [x] bar\n");
  std::size_t second = html.find("<li>", html.find("<li>") + 1);
  ASSERT_NE(second, std::string::npos) << html;
  std::string foo = html.substr(0, second);
  std::string bar = html.substr(second);
  for (const std::string& item : {foo, bar}) {
    EXPECT_TRUE(contains(item, "<input ")) << html;
    EXPECT_TRUE(contains(item, "type=\"checkbox\"")) << html;
    EXPECT_TRUE(contains(item, "disabled=\"\"")) << html;
  }
  EXPECT_FALSE(contains(foo, "checked")) << html;
  EXPECT_TRUE(contains(bar, "checked=\"\"")) << html;
  EXPECT_TRUE(contains(foo, " foo</li>")) << html;
  EXPECT_TRUE(contains(bar, " bar</li>")) << html;
}

TEST(MarkdownHtml, RendersAutolinks) {
  // Autolinks (extension), from example 621; then a CommonMark autolink and a link with a
  // title.
  EXPECT_EQ(markdown_to_html("www.commonmark.org\n"),
            "<p><a href=\"http://www.commonmark.org\">www.commonmark.org</a></p>\n");
  EXPECT_EQ(markdown_to_html("Visit https://encrypted.google.com/search?q=Markup+(business)\n"),
            "<p>Visit <a href=\"https://encrypted.google.com/search?q=Markup+(business)\">"
            "https://encrypted.google.com/search?q=Markup+(business)</a></p>\n");
  EXPECT_EQ(markdown_to_html("foo@bar.baz\n"),
            "<p><a href=\"mailto:foo@bar.baz\">foo@bar.baz</a></p>\n");
  EXPECT_EQ(markdown_to_html("<https://foo.bar.baz/test?q=hello&id=22&boolean>\n"),
            "<p><a href=\"https://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean\">"
            "https://foo.bar.baz/test?q=hello&amp;id=22&amp;boolean</a></p>\n");
  EXPECT_EQ(markdown_to_html("[the fix](https://example.org/commit/1 \"Fix\")\n"),
            "<p><a href=\"https://example.org/commit/1\" title=\"Fix\">the fix</a></p>\n");
}

TEST(MarkdownHtml, LeavesRawHtmlOut) {
  EXPECT_EQ(markdown_to_html("<script>alert(1)</script>\n"), "<!-- raw HTML omitted -->\n");
  EXPECT_EQ(markdown_to_html("a <b>c</b>\n"),
            "<p>a <!-- raw HTML omitted -->c<!-- raw HTML omitted --></p>\n");
  for (std::string_view text :
       {"<img src=x onerror=alert(1)>\n", "x <img src=x onerror=alert(1)>\n",
        "<iframe src=\"https://evil.example\"></iframe>\n", "<!-- note -->\n",
        "| a |\n| - |\n| <svg onload=alert(1)> |\n", "<SCRIPT>alert(1)</SCRIPT>\n"}) {
    std::string html = markdown_to_html(text);
    EXPECT_TRUE(contains(html, "<!-- raw HTML omitted -->")) << text;
    for (std::string_view tag : {"<img", "<iframe", "<svg", "<script", "<SCRIPT", "onerror"}) {
      EXPECT_FALSE(contains(html, tag)) << text << html;
    }
  }
}

TEST(MarkdownHtml, NeverRendersAScriptLinkLive) {
  EXPECT_EQ(markdown_to_html("[x](javascript:alert(1))\n"), "<p><a href=\"\">x</a></p>\n");
  for (std::string_view text :
       {"[x](JaVaScRiPt:alert(1))\n", "[x](&#106;avascript:alert(1))\n", "<javascript:alert(1)>\n",
        "[x]\n\n[x]: javascript:alert(1)\n", "[x](vbscript:msgbox)\n", "[x](file:///etc/passwd)\n",
        "[x](data:text/html;base64,PHNjcmlwdD4=)\n",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)\n"}) {
    std::string html = markdown_to_html(text);
    EXPECT_TRUE(contains(html, "href=\"\"") || contains(html, "src=\"\"")) << text << html;
    for (std::string_view scheme : {"javascript:", "vbscript:", "file:", "data:"}) {
      EXPECT_FALSE(contains(html, std::string("=\"") + std::string(scheme))) << text << html;
    }
  }
}

TEST(MarkdownHtml, ReplacesInvalidUtf8) {
  EXPECT_EQ(markdown_to_html("a\xff"
                             "b\n"),
            "<p>a\xEF\xBF\xBD"
            "b</p>\n");
  EXPECT_EQ(markdown_to_html(""), "");
}

TEST(MarkdownCheck, AcceptsWhatAnAdvisorySays) {
  check_markdown("details",
                 "# Stored XSS in the comment form\n\n"
                 "A `javascript:` URL or a `<script>` tag in a comment runs in the reader's "
                 "browser.\n\n"
                 "```html\n<script>alert(document.cookie)</script>\n```\n\n"
                 "| version | fixed |\n| --- | --- |\n| 1.2.3 | 1.2.4 |\n\n"
                 "- [x] patch\n- [ ] ~~backport~~\n\n"
                 "See [the fix](https://example.org/commit/1), www.example.org, "
                 "<https://example.org/a?b=c&d> and [mail us](mailto:security@example.org); "
                 "thanks to reporter@example.net.\n\n"
                 "![diagram](https://example.org/diagram.png \"Data flow\")\n\n"
                 "[ref]: HTTPS://EXAMPLE.ORG/REF\n\n[ref] also 1 < 2 & 3 > 2\r\n\tindented\r\n");
  check_markdown("details", "");
}

TEST(MarkdownCheck, RefusesRawHtmlNamingTheLine) {
  EXPECT_EQ(refused("<script>alert(1)</script>\n"),
            "details: line 1: raw HTML is not allowed (<script>); write Markdown instead");
  EXPECT_EQ(refused("Intro\n\nSome text\nand <b>bold</b> text\n"),
            "details: line 4: raw HTML is not allowed (<b>); write Markdown instead");
  EXPECT_EQ(refused("# Title\n\n<div class=\"note\">\nhi\n</div>\n"),
            "details: line 3: raw HTML is not allowed (<div class=\"note\">); write Markdown "
            "instead");
  EXPECT_EQ(refused("a\n\n<!-- hidden -->\n"),
            "details: line 3: raw HTML is not allowed (<!-- hidden -->); write Markdown instead");
  EXPECT_EQ(refused("| a | b |\n| - | - |\n| 1 | 2 |\n| <i>3</i> | 4 |\n"),
            "details: line 4: raw HTML is not allowed (<i>); write Markdown instead");
  EXPECT_TRUE(contains(refused("- one\n- two <img src=x onerror=alert(1)>\n"),
                       "details: line 2: raw HTML is not allowed (<img src=x onerror=alert(1)>)"));
  // A line break inside a code span or a tag does not put the next tag on the line before.
  EXPECT_TRUE(contains(refused("`a\nb` <i>x</i>\n"), "details: line 2: raw HTML"));
  EXPECT_TRUE(contains(refused("> quote\n> `a\n> b` <i>x</i>\n"), "details: line 3: raw HTML"));
  EXPECT_TRUE(contains(refused("- item\n  `code\n  span` <x>\n"), "details: line 3: raw HTML"));
  EXPECT_TRUE(contains(refused("<a\nhref=\"x\">a</a> and\n<b>\n"), "details: line 1: raw HTML"));
  EXPECT_TRUE(contains(refused("x\r\ny\r\nz <b>\r\n"), "details: line 3: raw HTML"));
  EXPECT_TRUE(contains(refused("x\ry\rz <b>\r"), "details: line 3: raw HTML"));
  // A tag too long to quote is cut.
  std::string long_tag = "<a title=\"" + std::string(200, 'x') + "\">";
  std::string said = refused(long_tag + "\n");
  EXPECT_TRUE(contains(said, "...)")) << said;
  EXPECT_LT(said.size(), 150u) << said;
}

TEST(MarkdownCheck, RefusesUnsafeLinksAndImagesNamingTheLine) {
  EXPECT_EQ(refused("ok\n\n[x](javascript:alert(1))\n"),
            "details: line 3: a link to a javascript: URL is not allowed; use an absolute http, "
            "https or mailto URL");
  EXPECT_EQ(refused("![x](data:image/png;base64,iVBORw0KGgo=)\n"),
            "details: line 1: an image from a data: URL is not allowed; use an absolute http or "
            "https URL");
  EXPECT_TRUE(contains(refused("a\nb [x](JaVaScRiPt:alert(1))\n"),
                       "details: line 2: a link to a javascript: URL is not allowed"));
  EXPECT_TRUE(contains(refused("[x](&#106;avascript:alert(1))\n"), "a javascript: URL"));
  EXPECT_TRUE(contains(refused("[x](&#9;javascript:alert(1))\n"), "a javascript: URL"));
  EXPECT_TRUE(contains(refused("a\n\n<javascript:alert(1)>\n"),
                       "details: line 3: a link to a javascript: URL"));
  EXPECT_TRUE(contains(refused("[x](vbscript:msgbox)\n"), "a vbscript: URL"));
  EXPECT_TRUE(contains(refused("[x](file:///etc/passwd)\n"), "a file: URL"));
  EXPECT_TRUE(contains(refused("[x](data:text/html,hi)\n"), "a link to a data: URL"));
  EXPECT_TRUE(contains(refused("| a |\n| - |\n| [x](javascript:1) |\n"),
                       "details: line 3: a link to a javascript: URL"));
  // A reference is refused where it is used.
  EXPECT_TRUE(contains(refused("see [x]\n\n[x]: javascript:alert(1)\n"),
                       "details: line 1: a link to a javascript: URL"));
  // After a code span running over a line break.
  EXPECT_TRUE(contains(refused("`a\nb` [x](javascript:1)\n"), "details: line 2: a link"));
  EXPECT_TRUE(contains(refused("> > deep\n> > `x\n> > y\n> > z` [a](javascript:1)\n"),
                       "details: line 4: a link"));
  EXPECT_TRUE(contains(refused("![x](mailto:a@example.org)\n"), "an image from a mailto: URL"));
  EXPECT_TRUE(contains(refused("[x](ftp://example.org/a)\n"), "a link to a ftp: URL"));
}

TEST(MarkdownCheck, RefusesRelativeAndFragmentLinks) {
  EXPECT_EQ(refused("[fix](#fix)\n"),
            "details: line 1: a link to \"#fix\" is relative; use an absolute http, https or "
            "mailto URL");
  EXPECT_TRUE(contains(refused("[a](/advisories/1)\n"), "a link to \"/advisories/1\" is relative"));
  EXPECT_TRUE(contains(refused("[a](//evil.example/x)\n"), "is relative"));
  EXPECT_TRUE(
      contains(refused("![a](diagram.png)\n"), "an image from \"diagram.png\" is relative"));
  EXPECT_TRUE(contains(refused("[a]()\n"), "details: line 1: a link needs an address"));
  EXPECT_TRUE(
      contains(refused("[a](&#9;https://example.org)\n"), "has something before its scheme"));
}

TEST(MarkdownCheck, AcceptsHttpHttpsAndMailto) {
  for (std::string_view text :
       {"[a](http://example.org)", "[a](https://example.org/x?y=1#z)", "[a](HTTPS://EXAMPLE.ORG)",
        "[a](mailto:security@example.org)", "![a](https://example.org/a.png)",
        "<https://example.org>", "<security@example.org>", "www.example.org",
        "https://example.org/x", "[a](<https://example.org/a b>)"}) {
    EXPECT_NO_THROW(check_markdown("details", text)) << text;
  }
}

TEST(MarkdownCheck, RefusesTextOverTheLimit) {
  std::string text(kMaxMarkdownBytes, 'a');
  EXPECT_NO_THROW(check_markdown("details", text));
  text += 'a';
  EXPECT_EQ(refused(text), "details: at most 65536 bytes (got 65537)");
}

// cmark-gfm 0.29.0.gfm.6 pads every row to its header's width: a wide header over 64 KiB of
// one-byte lines would take seconds and gigabytes.
TEST(MarkdownCheck, RefusesTablesThatCouldGrowTooLarge) {
  auto table = [](int columns, int rows, std::string_view row) {
    std::string header = "|";
    std::string delimiter = "|";
    for (int i = 0; i < columns; ++i) {
      header += " h |";
      delimiter += "---|";
    }
    std::string text = "Intro\n\n" + header + "\n" + delimiter + "\n";
    for (int i = 0; i < rows; ++i) text += row;
    return text;
  };
  EXPECT_EQ(refused(table(10, 30000, "x\n")),
            "details: line 3: a table of 10 columns could take the 30000 lines after it as rows, "
            "more than 65536 cells; end it with a blank line");
  EXPECT_EQ(refused(table(300, 1, "| a |\n")),
            "details: line 3: a table of 300 columns is too wide (at most 256)");
  // Inside a quote, and with an aligned delimiter row.
  std::string quoted_rows;
  for (int i = 0; i < 20000; ++i) quoted_rows += ">x\n";
  EXPECT_TRUE(contains(refused("> a | b | c | d\n> :-: | --: | :-- | -\n" + quoted_rows),
                       "details: line 1: a table of 4 columns"));
  // What a person writes fits: a long table of two columns, a wide one ended by a blank line.
  std::string rows;
  for (int i = 0; i < 2000; ++i) rows += "| CVE-2026-" + std::to_string(10000 + i) + " | fixed |\n";
  EXPECT_NO_THROW(check_markdown("details", table(2, 0, "") + rows));
  EXPECT_NO_THROW(check_markdown("details", table(256, 3, "| a | b |\n") + "\n" + rows));
  // The renderer reads a text with such a table without tables, quickly and safely.
  std::string html = markdown_to_html(table(500, 30000, "x\n"));
  EXPECT_FALSE(contains(html, "<table>"));
  EXPECT_TRUE(html.starts_with("<p>Intro</p>\n<p>| h |")) << html.substr(0, 100);
  EXPECT_TRUE(contains(markdown_to_html(table(3, 2, "| a | b | c |\n")), "<td>c</td>"));
}

TEST(MarkdownCheck, RefusesBadUtf8AndControlCharactersNamingTheLine) {
  EXPECT_EQ(refused("ok\n\xff\n"), "details: line 2: not valid UTF-8 (at byte 0)");
  EXPECT_EQ(refused("a\n\nb\x07\n"),
            "details: line 3: contains the control character U+0007 (at byte 1)");
  EXPECT_EQ(refused(std::string_view("a\0b", 3)),
            "details: line 1: contains the control character U+0000 (at byte 1)");
  EXPECT_TRUE(contains(refused("a\r\nb\xc3\x28"), "details: line 2: not valid UTF-8"));
  EXPECT_TRUE(contains(refused("\xed\xa0\x80"), "details: line 1: not valid UTF-8"));  // surrogate
  EXPECT_TRUE(contains(refused("\xc0\xaf"), "not valid UTF-8"));                       // overlong
  EXPECT_TRUE(
      contains(refused("x\n\xc2\x85"), "details: line 2: contains the control character U+0085"));
  EXPECT_TRUE(contains(refused("x\x1b[31m"), "U+001B"));
  EXPECT_NO_THROW(check_markdown("details", "caf\xc3\xa9 \xf0\x9f\x94\x92\tok\r\n"));
}

// cmark-gfm keeps process-wide state while it parses; renders on several threads at once must
// each get the whole of their extensions.
TEST(MarkdownHtml, RendersTheSameOnManyThreads) {
  const std::string text = "~~old~~ www.example.org\n\n| a | b |\n| - | - |\n| 1 | ~~2~~ |\n";
  const std::string expected = markdown_to_html(text);
  ASSERT_TRUE(contains(expected, "<del>old</del>")) << expected;
  ASSERT_TRUE(contains(expected, "<table>")) << expected;
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (markdown_to_html(text) != expected) ++mismatches[t];
        check_markdown("details", text);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace embargo::formats
