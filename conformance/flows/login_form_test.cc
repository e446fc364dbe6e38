#include "conformance/flows/login_form.h"

#include <gtest/gtest.h>

namespace knox::flows {
namespace {

const cookie::Url kPage = *cookie::ParseUrl("http://127.0.0.1:8000/accounts/login/?next=/admin/");

TEST(FindLoginForm, PicksTheFormWithOnePasswordAndAUser) {
  const HtmlPage page = ParseHtml(R"(
    <form action="/search"><input name=q></form>
    <form action="/signup" method=post><input name=email><input type=password name=p1>
      <input type=password name=p2></form>
    <form action="" method=post><input type=hidden name=csrfmiddlewaretoken value=tok>
      <input type=text name=username><input type=password name=password>
      <input type=hidden name=next value="/admin/"><input type=submit value="Log in"></form>)");
  auto match = FindLoginForm(page);
  ASSERT_TRUE(match);
  EXPECT_EQ(match->user_field, "username");
  EXPECT_EQ(match->password_field, "password");
  EXPECT_EQ(match->form.Named("next")->value, "/admin/");
}

TEST(FindLoginForm, RecognisesUserFieldsByNameOrPosition) {
  auto by_name = FindLoginForm(
      ParseHtml("<form><input name=q><input type=email name=user[email]><input type=password "
                "name=user[password]></form>"));
  ASSERT_TRUE(by_name);
  EXPECT_EQ(by_name->user_field, "user[email]");
  auto by_position =
      FindLoginForm(ParseHtml("<form><input name=handle><input type=password name=secret></form>"));
  ASSERT_TRUE(by_position);
  EXPECT_EQ(by_position->user_field, "handle");
  EXPECT_FALSE(
      FindLoginForm(ParseHtml("<form><input type=password name=a>"
                              "<input type=password name=b></form>")));
  EXPECT_FALSE(FindLoginForm(ParseHtml("<form><input name=q></form>")));
}

TEST(SubmitForm, SendsHiddenInputsAndTheFilledCredentials) {
  auto match = FindLoginForm(ParseHtml(R"(<form action="" method="POST">
      <input type=hidden name=csrfmiddlewaretoken value="a b&c">
      <input name=username><input type=password name=password>
      <input type=checkbox name=remember><input type=checkbox name=terms checked>
      <input type=file name=avatar><input name=disabled disabled value=x>
      <button type=submit name=commit value=go>Log in</button><input type=submit name=other>
      </form>)"));
  ASSERT_TRUE(match);
  auto s = SubmitForm(match->form, kPage, {{"username", "alice"}, {"password", "p@ss word"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->method, "POST");
  EXPECT_EQ(s->url.Serialize(), "http://127.0.0.1:8000/accounts/login/?next=/admin/");
  EXPECT_EQ(s->content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(s->body,
            "csrfmiddlewaretoken=a+b%26c&username=alice&password=p%40ss+word&terms=on&commit=go");
  EXPECT_EQ(s->field_names, (std::vector<std::string>{"csrfmiddlewaretoken", "username", "password",
                                                      "terms", "commit"}));
}

TEST(SubmitForm, HonoursGetMultipartAndActions) {
  auto get = SubmitForm(
      ParseHtml("<form action=../find><input name=q value='a b'></form>").forms[0], kPage, {});
  ASSERT_TRUE(get);
  EXPECT_EQ(get->method, "GET");
  EXPECT_EQ(get->url.Serialize(), "http://127.0.0.1:8000/accounts/find?q=a+b");
  EXPECT_TRUE(get->body.empty());

  auto multipart = SubmitForm(ParseHtml("<form method=post enctype=multipart/form-data action=/up>"
                                        "<input name=a value=1></form>")
                                  .forms[0],
                              kPage, {});
  ASSERT_TRUE(multipart);
  ASSERT_TRUE(multipart->content_type.starts_with("multipart/form-data; boundary="));
  const std::string boundary = multipart->content_type.substr(30);
  EXPECT_EQ(multipart->body, "--" + boundary +
                                 "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--" +
                                 boundary + "--\r\n");

  EXPECT_FALSE(
      SubmitForm(ParseHtml("<form action='javascript:void(0)'></form>").forms[0], kPage, {}));
}

TEST(FindLogout, PrefersFormsAndReadsRailsLinks) {
  const HtmlPage django = ParseHtml(R"(<a href="/admin/password_change/">Change password</a>
      <form id="logout-form" method="post" action="/admin/logout/">
      <input type="hidden" name="csrfmiddlewaretoken" value="x"><button type="submit">Log out</button>
      </form>)");
  auto control = FindLogout(django);
  ASSERT_TRUE(control);
  ASSERT_TRUE(control->form);
  EXPECT_EQ(control->form->action, "/admin/logout/");

  const HtmlPage rails = ParseHtml(R"(<meta name="csrf-param" content="authenticity_token">
      <meta name="csrf-token" content="T0K">
      <a href="/me">Me</a><a data-method="delete" href="/logout" rel="nofollow">Sign out</a>)");
  control = FindLogout(rails);
  ASSERT_TRUE(control);
  EXPECT_FALSE(control->form);
  const HtmlForm form = LinkAsForm(*control, rails);
  auto s = SubmitForm(form, kPage, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->method, "POST");
  EXPECT_EQ(s->url.path, "/logout");
  EXPECT_EQ(s->body, "_method=delete&authenticity_token=T0K");

  const HtmlPage php = ParseHtml("<p>Hello</p><a href='logout.php?token=abc'>Log out</a>");
  control = FindLogout(php);
  ASSERT_TRUE(control);
  s = SubmitForm(LinkAsForm(*control, php), kPage, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->method, "GET");
  EXPECT_EQ(s->url.Serialize(), "http://127.0.0.1:8000/accounts/login/logout.php?token=abc");

  EXPECT_FALSE(FindLogout(ParseHtml("<a href=/about>About</a>")));
}

TEST(FindLogout, LaravelBreezeFormSubmittedByALink) {
  // Breeze's navigation: no button, a link whose script submits the form; its text labels it.
  const HtmlPage breeze = ParseHtml(R"(<form method="POST" action="http://127.0.0.1:8000/logout">
      <input type="hidden" name="_token" value="T0K">
      <a href="http://127.0.0.1:8000/logout"
         onclick="event.preventDefault(); this.closest('form').submit();">Log Out</a>
      </form>)");
  auto control = FindLogout(breeze);
  ASSERT_TRUE(control);
  ASSERT_TRUE(control->form);
  EXPECT_EQ(control->label, "Log Out");
  auto s = SubmitForm(*control->form, kPage, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->method, "POST");
  EXPECT_EQ(s->url.path, "/logout");
  EXPECT_EQ(s->body, "_token=T0K");

  // A link's text never makes a form the logout: a page-wide form (ASP.NET) holds every link,
  // and the link itself is the logout.
  const HtmlPage wrapped = ParseHtml(R"(<form method="post" action="./Default.aspx">
      <input type="hidden" name="__VIEWSTATE" value="v"><a href="/Account/Logout">Log out</a>
      </form>)");
  control = FindLogout(wrapped);
  ASSERT_TRUE(control);
  EXPECT_FALSE(control->form);
  EXPECT_EQ(control->href, "/Account/Logout");
  EXPECT_EQ(control->label, "Log out");
}

TEST(HasLoginForm, TellsALoginPageFromAnAccountPage) {
  EXPECT_TRUE(HasLoginForm("<form method=post><input name=user><input type=password name=pw>"));
  EXPECT_FALSE(HasLoginForm(
      "<h1>Account</h1><form><input type=password name=old><input type=password name=new1>"
      "<input type=password name=new2></form>"));
  EXPECT_FALSE(HasLoginForm("{\"user\":\"alice\"}"));
}

}  // namespace
}  // namespace knox::flows
