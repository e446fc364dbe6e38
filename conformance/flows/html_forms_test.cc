#include "conformance/flows/html_forms.h"

#include <gtest/gtest.h>

namespace knox::flows {
namespace {

TEST(ParseHtml, ReadsAFormWithItsControls) {
  const HtmlPage page = ParseHtml(R"(<!doctype html><html><body>
    <!-- <form action="/commented-out"><input type=password></form> -->
    <FORM Method="post" action="/accounts/login/?next=/admin/" id=login-form>
      <input type='hidden' name="csrfmiddlewaretoken" value="t&amp;k&#39;&#x2F;">
      <label>User <input name=username autofocus></label>
      <input type="password" name="password" required>
      <input type="checkbox" name="remember" checked>
      <select name="lang"><option value="en">English<option value="fr" selected>French</select>
      <textarea name="note">a &lt;b&gt;</textarea>
      <input type="submit" value="Log in">
    </form></body></html>)");
  ASSERT_EQ(page.forms.size(), 1u);
  const HtmlForm& f = page.forms[0];
  EXPECT_EQ(f.method, "POST");
  EXPECT_EQ(f.action, "/accounts/login/?next=/admin/");
  EXPECT_EQ(f.id, "login-form");
  ASSERT_EQ(f.controls.size(), 7u);
  EXPECT_EQ(f.controls[0].type, "hidden");
  EXPECT_EQ(f.controls[0].value, "t&k'/");
  EXPECT_EQ(f.controls[1].type, "text");
  EXPECT_EQ(f.controls[1].name, "username");
  EXPECT_EQ(f.controls[2].type, "password");
  EXPECT_TRUE(f.controls[3].checked);
  EXPECT_EQ(f.Named("lang")->value, "fr");
  EXPECT_EQ(f.Named("note")->value, "a <b>");
  EXPECT_EQ(f.controls[6].type, "submit");
  EXPECT_EQ(f.CountType("password"), 1u);
  EXPECT_NE(f.text.find("Log in"), std::string::npos);
}

TEST(ParseHtml, SkipsScriptsAndStylesAndReadsLinksAndMetas) {
  const HtmlPage page = ParseHtml(R"(<head><meta name="csrf-param" content="authenticity_token">
    <META NAME="csrf-token" CONTENT="abc==">
    <script>var s = "<form><input type=password></form>";</script>
    <style>a::before { content: "<a href='/x'>" }</style></head>
    <a href="/logout" data-method="delete" rel="nofollow">Sign
       out</a> <a name=anchor>no href</a>)");
  EXPECT_TRUE(page.forms.empty());
  ASSERT_EQ(page.links.size(), 1u);
  EXPECT_EQ(page.links[0].href, "/logout");
  EXPECT_EQ(page.links[0].text, "Sign out");
  EXPECT_EQ(page.links[0].method, "delete");
  EXPECT_EQ(page.Meta("csrf-token"), "abc==");
  EXPECT_EQ(page.Meta("CSRF-PARAM"), "authenticity_token");
  EXPECT_EQ(page.Meta("missing"), std::nullopt);
}

TEST(ParseHtml, KeepsTheTextOfTheLinksInsideAForm) {
  const HtmlPage page = ParseHtml(R"(<a href="/home">Home</a>
    <form method="POST" action="/logout"><input type="hidden" name="_token" value="t">
    <a href="/logout" onclick="this.closest('form').submit();">Log
       Out</a> <a href="/help">Help</a></form><a href="/about">About</a>
    <form action="/unclosed"><a href="/x">Inside</form>)");
  ASSERT_EQ(page.forms.size(), 2u);
  EXPECT_EQ(page.forms[0].text, "");
  EXPECT_EQ(page.forms[0].link_text, "Log Out Help");
  EXPECT_EQ(page.forms[1].link_text, "Inside");
  ASSERT_EQ(page.links.size(), 5u);
  EXPECT_EQ(page.links[1].text, "Log Out");
  EXPECT_EQ(page.links[4].text, "Inside");
}

TEST(ParseHtml, InputValueLooksInAndOutsideForms) {
  const HtmlPage page = ParseHtml(
      "<input name=loose value=1><input name=novalue><form><input name=novalue value=2>"
      "<input type=hidden name=t value='a&amp;b'></form><!-- <input name=c value=x> -->");
  EXPECT_EQ(page.InputValue("loose"), "1");
  EXPECT_EQ(page.InputValue("novalue"), "2");  // the first one that has a value
  EXPECT_EQ(page.InputValue("t"), "a&b");
  EXPECT_EQ(page.InputValue("c"), std::nullopt);  // in a comment
  EXPECT_EQ(page.loose_controls.size(), 2u);
}

TEST(ParseHtml, SelectWithoutSelectedOptionSubmitsTheFirst) {
  const HtmlPage page =
      ParseHtml("<form><select name=s><option>one</option><option>two</option></select></form>");
  ASSERT_EQ(page.forms.size(), 1u);
  EXPECT_EQ(page.forms[0].Named("s")->value, "one");
}

TEST(ParseHtml, ToleratesBrokenMarkup) {
  for (std::string_view html :
       {"<", "<form", "<form action=\"unterminated", "<input name=a value='x", "<!--", "<script>",
        "<textarea>never closed", "< form>", "<form><form><input type=password name=p>",
        "<a href=/x>text", "&#xFFFFFFFFF; &#0; &#xD800; &bogus; &amp"}) {
    const HtmlPage page = ParseHtml(html);
    EXPECT_LE(page.forms.size(), 2u) << html;
  }
  // A form opened inside another closes the first, as browsers ignore nested forms' controls
  // differently; knox keeps every form it saw.
  EXPECT_EQ(ParseHtml("<form id=a><form id=b><input type=password name=p></form>").forms.size(),
            2u);
}

TEST(ParseHtml, IsBounded) {
  std::string many;
  for (int i = 0; i < 100; ++i) many += "<form></form>";
  const HtmlPage page = ParseHtml(many);
  EXPECT_EQ(page.forms.size(), kMaxForms);
  EXPECT_TRUE(page.truncated);
  const std::string huge(kMaxScannedBytes + 10, 'x');
  EXPECT_TRUE(ParseHtml(huge).truncated);
}

TEST(DecodeCharacterReferences, DecodesNamedAndNumeric) {
  EXPECT_EQ(DecodeCharacterReferences("&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#xe9;"),
            "<>&\"'AB\xc3\xa9");
  EXPECT_EQ(DecodeCharacterReferences("&unknown; &#xD800; &#1114112; & ;"),
            "&unknown; &#xD800; &#1114112; & ;");
}

}  // namespace
}  // namespace knox::flows
