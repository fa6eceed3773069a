#include "http/templates.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/policy.h"
#include "http/page_data.h"
#include "http/site.h"

namespace embargo::http {
namespace {

Templates one(const std::string& name, const std::string& text) {
  return Templates(Templates::Sources{{name, text}});
}

TEST(TemplatesTest, EveryValueIsHtmlEscapedInTextAndAttributes) {
  Templates t = one("page", "<p title=\"{{x}}\">{{x}}</p>");
  TemplateData data = kainjow::mustache::object{{"x", "<script>alert(\"x\")</script>&'"}};
  // The five characters HTML gives meaning to, each replaced by its entity.
  const std::string inert = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&apos;";
  EXPECT_EQ(t.render("page", data), "<p title=\"" + inert + "\">" + inert + "</p>");
}

TEST(TemplatesTest, ValuesInListsAndSectionsAreEscapedToo) {
  Templates t = one("page", "<ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>");
  TemplateData data =
      kainjow::mustache::object{{"items", kainjow::mustache::list{"<b>", "a \"b\""}}};
  EXPECT_EQ(t.render("page", data), "<ul><li>&lt;b&gt;</li><li>a &quot;b&quot;</li></ul>");
}

TEST(TemplatesTest, RefusesTagsThatWriteUnescaped) {
  EXPECT_THROW(one("page", "<p>{{{x}}}</p>"), std::invalid_argument);
  EXPECT_THROW(one("page", "<p>{{&x}}</p>"), std::invalid_argument);
  // A new delimiter would hide an unescaped tag from the check: <% &x %>.
  EXPECT_THROW(one("page", "{{=<% %>=}}<p><%&x%></p>"), std::invalid_argument);
}

TEST(TemplatesTest, RefusesMalformedTemplatesNamingThem) {
  try {
    one("broken", "{{#open}}never closed");
    FAIL() << "a section that is never closed was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("template 'broken'"), std::string::npos) << e.what();
  }
}

TEST(TemplatesTest, UnknownTemplateIsAnError) {
  Templates t = one("page", "x");
  EXPECT_THROW(t.render("other", TemplateData(kainjow::mustache::object{})), std::invalid_argument);
}

TEST(TemplatesTest, PartialsComeFromTheTemplateSetNeverFromData) {
  Templates t(Templates::Sources{{"page", "[{{> frame}}]{{x}}"}, {"frame", "frame"}});
  // A value named like a partial does not replace it, and a value holding a tag stays text.
  TemplateData data = kainjow::mustache::object{{"frame", "<b>evil</b>"}, {"x", "{{> frame}}"}};
  EXPECT_EQ(t.render("page", data), "[frame]{{&gt; frame}}");
}

TEST(TemplatesTest, EmbeddedTemplatesAllParseAndExist) {
  const Templates& embedded = Templates::embedded();
  TemplateData data = kainjow::mustache::object{};
  for (const char* name : {"header", "footer", "index", "program", "not_found"}) {
    try {
      embedded.render(name, data);
    } catch (const std::invalid_argument& unknown) {
      ADD_FAILURE() << name << ": " << unknown.what();
    } catch (const std::logic_error&) {
      // Rendered strictly (CTest's EMBARGO_STRICT_TEMPLATES=1), empty data misses its values.
    }
  }
}

// A value a template asks for that its data lacks is a typo or a forgotten value: a strict
// rendering names it; plain Mustache would show nothing there. A section may be absent.
TEST(TemplatesTest, AStrictRenderingNamesTheValueItsDataLacks) {
  Templates strict({{"page", "<p>{{#flag}}on{{/flag}}{{^other}}no other{{/other}} {{naem}}</p>"}},
                   true);
  TemplateData data = kainjow::mustache::object{};
  data.set("name", std::string("Ada"));
  try {
    strict.render("page", data);
    ADD_FAILURE() << "a missing value rendered";
  } catch (const std::logic_error& missing) {
    EXPECT_STREQ(missing.what(), "template 'page' has no value for {{naem}}");
  }
  data.set("naem", std::string("Ada"));
  EXPECT_EQ(strict.render("page", data), "<p>no other Ada</p>");
  // A row of a list that lacks a key is looked up in the page, and a miss in both is named.
  Templates rows({{"list", "{{#rows}}<li>{{label}}</li>{{/rows}}"}}, true);
  TemplateData row = kainjow::mustache::object{};
  row.set("lable", std::string("typo"));
  TemplateData page = kainjow::mustache::object{};
  page.set("rows", kainjow::mustache::list{row});
  EXPECT_THROW(rows.render("list", page), std::logic_error);
  Templates lenient({{"page", "<p>{{naem}}</p>"}}, false);
  EXPECT_EQ(lenient.render("page", kainjow::mustache::object{}), "<p></p>");
}

TEST(TemplatesTest, PolicyTextIsInertOnTheProgramPage) {
  Policy policy;
  policy.identity.slug = "hostile";
  policy.identity.name = "<script>alert(\"name\")</script>";
  policy.texts.intro = "Tom & Jerry's \"quoted\" <b>bold</b>";
  policy.scope.in = {"<img src=x onerror=alert(1)>"};
  policy.form.fields = {{ReportField::description, true, "<i>label</i>", ""}};
  std::string page = Templates::embedded().render(
      "program", program_page_data(policy, make_site("https://security.example.org")));
  EXPECT_NE(page.find("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("Tom &amp; Jerry&apos;s &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;"),
            std::string::npos);
  EXPECT_NE(page.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(page.find("&lt;i&gt;label&lt;/i&gt;"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
}

// An address with URI syntax in it cannot add recipients to the mailto: link (a mail client
// would read "?cc=..&bcc=.." as headers); the link matches security.txt's percent-encoding.
TEST(TemplatesTest, MailtoLinksArePercentEncoded) {
  Policy policy;
  policy.identity.slug = "mail";
  policy.identity.name = "Mail";
  policy.contacts.questions_email = "q?cc=x&bcc=y@x.example";
  std::string page = Templates::embedded().render(
      "program", program_page_data(policy, make_site("https://security.example.org")));
  EXPECT_NE(page.find("href=\"mailto:q%3Fcc%3Dx%26bcc%3Dy@x.example\""), std::string::npos) << page;
  EXPECT_EQ(page.find("mailto:q?"), std::string::npos);
}

}  // namespace
}  // namespace embargo::http
