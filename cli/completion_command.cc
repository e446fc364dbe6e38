// knox completion bash|zsh|fish: prints a shell completion script generated from knox's own parsers
// (DESIGN §7). The subcommands come from main.cc's table and every option from the subcommand's
// CLI11 app, read with DescribeCommand (decision 18); the values of an option come from the
// registries — token formats and their aliases (core/token/registry.h), report formats, severities,
// digests, key derivations — or from the option's CLI11 IsMember set, never from a copy that could
// drift. An option whose values knox cannot list (a path, a URL, a secret) completes file names.
#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "cli/commands.h"
#include "conformance/checks/check_info.h"
#include "core/crypto/digest.h"
#include "core/token/laravel.h"
#include "core/token/registry.h"
#include "reports/render.h"

namespace knox::cli {
namespace {

struct OptionSpec {
  std::vector<std::string> names;  // "--format", "-H"
  std::string help;
  bool takes_value = false;
  std::vector<std::string> values;  // empty: file names
};

// One level of the command tree: knox itself (path ""), "token", "token sign", ...
struct NodeSpec {
  std::string path;
  std::string help;
  std::vector<std::pair<std::string, std::string>> children;  // name, summary
  std::vector<OptionSpec> options;
};

void AddUnique(std::vector<std::string>& out, std::string_view value) {
  if (std::find(out.begin(), out.end(), value) == out.end()) out.emplace_back(value);
}

// The set of a CLI11 IsMember validator, which CLI11 appends to the type name as ":{a,b,c}".
std::vector<std::string> MemberSet(const CLI::Option& o) {
  const std::string type = o.get_type_name();
  const size_t open = type.find(":{");
  const size_t close = type.find('}', open == std::string::npos ? 0 : open);
  std::vector<std::string> out;
  if (open == std::string::npos || close == std::string::npos) return out;
  std::string_view set(type.data() + open + 2, close - open - 2);
  while (!set.empty()) {
    const size_t comma = set.find(',');
    AddUnique(out, set.substr(0, comma));
    if (comma == std::string_view::npos) break;
    set.remove_prefix(comma + 1);
  }
  return out;
}

// Whether `app` takes the token-format options of core/token (token sign/verify, crack): then its
// --format is a token format, otherwise a report format.
bool TakesTokenOptions(const CLI::App& app) {
  for (token::Opt o : token::AllOpts()) {
    if (app.get_option_no_throw(std::string(token::OptFlag(o))) != nullptr) return true;
  }
  return false;
}

std::vector<std::string> ValuesOf(const CLI::App& app, const CLI::Option& o) {
  std::vector<std::string> values = MemberSet(o);
  if (!values.empty()) return values;
  const std::string name = o.get_lnames().empty() ? std::string() : o.get_lnames().front();
  if (name == "format" && TakesTokenOptions(app)) {
    for (const token::Codec* c : token::AllCodecs()) AddUnique(values, c->traits().name);
    for (const token::Codec* c : token::AllCodecs()) {
      for (std::string_view alias : c->traits().aliases) AddUnique(values, alias);
    }
  } else if (name == "format") {
    for (std::string_view f : reports::kFormatNames) AddUnique(values, f);
  } else if (name == "fail-on") {
    for (auto s : {checks::Severity::kInfo, checks::Severity::kLow, checks::Severity::kMedium,
                   checks::Severity::kHigh}) {
      AddUnique(values, checks::SeverityName(s));
    }
  } else if (name == "digest") {
    for (auto d : {crypto::Digest::kSha1, crypto::Digest::kSha256, crypto::Digest::kSha384,
                   crypto::Digest::kSha512}) {
      AddUnique(values, crypto::DigestName(d));
    }
  } else if (name == "cipher") {
    for (std::string_view c : token::laravel::CipherNames()) AddUnique(values, c);
  } else if (name == "key-derivation") {
    for (auto k : {token::KeyDerivation::kDjangoConcat, token::KeyDerivation::kConcat,
                   token::KeyDerivation::kHmac, token::KeyDerivation::kNone}) {
      AddUnique(values, token::KeyDerivationName(k));
    }
  }
  return values;
}

void AddApp(const CLI::App& app, const std::string& path, std::string_view help,
            std::vector<NodeSpec>& nodes) {
  NodeSpec node{.path = path, .help = std::string(help)};
  std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subs)
    node.children.emplace_back(sub->get_name(), sub->get_description());
  for (const CLI::Option* o : app.get_options()) {
    if (!o->nonpositional()) continue;
    OptionSpec spec{.help = o->get_description(), .takes_value = o->get_expected_max() != 0};
    for (const std::string& l : o->get_lnames()) spec.names.push_back("--" + l);
    for (const std::string& s : o->get_snames()) spec.names.push_back("-" + s);
    if (spec.takes_value) spec.values = ValuesOf(app, *o);
    node.options.push_back(std::move(spec));
  }
  nodes.push_back(std::move(node));
  for (const CLI::App* sub : subs) {
    AddApp(*sub, path + " " + sub->get_name(), sub->get_description(), nodes);
  }
}

Result<std::vector<NodeSpec>> CommandTree() {
  std::vector<NodeSpec> nodes(1);
  nodes[0].options.push_back({.names = {"--help", "-h"}, .help = "print usage"});
  for (const Command& c : AllCommands()) {
    nodes[0].children.emplace_back(c.name, c.summary);
    const bool described = DescribeCommand(
        c, [&](CLI::App& app) { AddApp(app, std::string(c.name), c.summary, nodes); });
    if (!described) {
      return Fail(ErrorCode::kInternal, "knox " + std::string(c.name) + " has no CLI11 parser");
    }
  }
  return nodes;
}

// Every word the scripts embed unquoted is a knox name: letters, digits and -._:
bool PlainWord(std::string_view w) {
  return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
  });
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!PlainWord(w)) continue;
    out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

// A single-quoted shell word (fish and bash alike).
std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string BashScript(const std::vector<NodeSpec>& nodes) {
  std::string subs, opts, takes, values;
  for (const NodeSpec& n : nodes) {
    std::vector<std::string> children, all, with_value;
    for (const auto& [name, help] : n.children) children.push_back(name);
    for (const OptionSpec& o : n.options) {
      for (const std::string& name : o.names) {
        all.push_back(name);
        if (o.takes_value) with_value.push_back(name);
        if (o.takes_value && !o.values.empty() && PlainWord(name)) {
          values +=
              "    " + Quote(n.path + "|" + name) + ") echo " + Quote(Join(o.values)) + " ;;\n";
        }
      }
    }
    const std::string key = Quote(n.path);
    if (!children.empty()) subs += "    " + key + ") echo " + Quote(Join(children)) + " ;;\n";
    opts += "    " + key + ") echo " + Quote(Join(all)) + " ;;\n";
    if (!with_value.empty()) {
      takes += "    " + key + ") case \" " + Join(with_value) +
               " \" in *\" $2 \"*) return 0 ;; esac ;;\n";
    }
  }
  return "# bash completion for knox " KNOX_VERSION
         ", generated by `knox completion bash` from knox's own\n"
         "# command table and option parsers. Load it with `source <(knox completion bash)`, or "
         "install it as\n# /usr/share/bash-completion/completions/knox (the Debian package does).\n"
         "\n_knox_subcommands() {\n  case \"$1\" in\n" +
         subs + "  esac\n}\n\n_knox_options() {\n  case \"$1\" in\n" + opts +
         "  esac\n}\n\n"
         "# Whether option $2 of command path $1 takes a value.\n"
         "_knox_takes_value() {\n  case \"$1\" in\n" +
         takes +
         "  esac\n  return 1\n}\n\n"
         "# The values option $2 of command path $1 takes; nothing when they are file names.\n"
         "_knox_values() {\n  case \"$1|$2\" in\n" +
         values +
         "  esac\n}\n\n"
         R"BASH(_knox() {
  local cur prev path w i skip=0 words
  COMPREPLY=()
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # Readline splits --option=value at '=' (COMP_WORDBREAKS): complete the value.
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  [[ $cur == --*=* ]] && { prev=${cur%%=*}; cur=${cur#*=}; }
  path=
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if [[ $w == = ]]; then skip=1; continue; fi
    if ((skip)); then skip=0; continue; fi
    if [[ $w == -* ]]; then
      [[ $w != *=* ]] && _knox_takes_value "$path" "$w" && skip=1
      continue
    fi
    case " $(_knox_subcommands "$path") " in *" $w "*) path=${path:+$path }$w ;; esac
  done
  if [[ -n $prev && $prev == -* ]] && _knox_takes_value "$path" "$prev"; then
    words=$(_knox_values "$path" "$prev")
    if [[ -n $words ]]; then
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
    else
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_knox_options "$path")" -- "$cur"))
    return 0
  fi
  words=$(_knox_subcommands "$path")
  if [[ -n $words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  else
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}

complete -F _knox knox
)BASH";
}

std::string ZshScript(const std::vector<NodeSpec>& nodes) {
  return "# zsh completion for knox " KNOX_VERSION
         ", generated by `knox completion zsh`: the bash completion through\n"
         "# zsh's bashcompinit. Load it after compinit: source <(knox completion zsh)\n"
         "autoload -U +X bashcompinit && bashcompinit\n\n" +
         BashScript(nodes);
}

std::string FishScript(const std::vector<NodeSpec>& nodes) {
  std::string out = "# fish completion for knox " KNOX_VERSION
                    ", generated by `knox completion fish` from knox's own command\n"
                    "# table and option parsers. Install it as "
                    "~/.config/fish/completions/knox.fish\ncomplete -c knox -f\n";
  for (const NodeSpec& n : nodes) {
    // The condition under which this node's words apply: its path seen, no child of it seen yet.
    std::string cond;
    if (n.path.empty()) {
      cond = "__fish_use_subcommand";
    } else {
      std::string_view rest = n.path;
      while (!rest.empty()) {
        const size_t space = rest.find(' ');
        cond += (cond.empty() ? "" : "; and ") + std::string("__fish_seen_subcommand_from ") +
                std::string(rest.substr(0, space));
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
      }
      std::vector<std::string> children;
      for (const auto& [name, help] : n.children) children.push_back(name);
      if (!children.empty()) cond += "; and not __fish_seen_subcommand_from " + Join(children);
    }
    for (const auto& [name, help] : n.children) {
      if (!PlainWord(name)) continue;
      out += "complete -c knox -n " + Quote(cond) + " -a " + name + " -d " + Quote(help) + "\n";
    }
    for (const OptionSpec& o : n.options) {
      std::string line = "complete -c knox -n " + Quote(cond);
      for (const std::string& name : o.names) {
        if (!PlainWord(name)) continue;
        line += name.starts_with("--") ? " -l " + name.substr(2) : " -s " + name.substr(1);
      }
      if (o.takes_value) line += o.values.empty() ? " -r -F" : " -x -a " + Quote(Join(o.values));
      out += line + " -d " + Quote(o.help) + "\n";
    }
  }
  return out;
}

}  // namespace

int RunCompletion(int argc, char** argv) {
  CLI::App app(
      "Print a shell completion script for knox, generated from its own subcommands and options.",
      "knox completion");
  std::string shell;
  app.add_option("SHELL", shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  app.footer(
      "bash: source <(knox completion bash), or install as "
      "/usr/share/bash-completion/completions/knox.\n"
      "zsh:  source <(knox completion zsh) after compinit.\n"
      "fish: knox completion fish > ~/.config/fish/completions/knox.fish\n"
      "Exit codes: 0 printed, 2 usage error.");
  if (int rc = Parse(app, argc, argv); rc >= 0) return rc;
  auto nodes = CommandTree();
  if (!nodes) {
    PrintError("completion", nodes.error().message);
    return kExitUsage;
  }
  if (shell == "bash") {
    std::cout << BashScript(*nodes);
  } else if (shell == "zsh") {
    std::cout << ZshScript(*nodes);
  } else {
    std::cout << FishScript(*nodes);
  }
  return std::cout.flush() ? kExitOk : kExitUsage;
}

}  // namespace knox::cli
