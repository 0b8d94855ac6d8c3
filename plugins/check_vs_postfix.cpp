// check_vs_postfix: where Postfix's master(8) will listen, judged for the host or
// a guest. The seed's lesson: in a guest, inet_interfaces = loopback-only stops
// Postfix from starting (no loopback); on the host, "all" answers on every guest's
// port 25.
#include "config/postfix_listen.hpp"
#include "plugin/plugin.hpp"
#include "policy/service_check.hpp"
#include "registry.hpp"

namespace {

namespace postfix = vs::config::postfix;
using vs::plugin::Result;
using vs::plugin::StandardOptions;
using vs::plugin::Status;
using vs::policy::ConfigNote;

constexpr const char* kNoLoopback = "Postfix will not start in a guest: no loopback interface";

const vs::plugin::Spec kSpec{
    .name = "check_vs_postfix",
    .label = "VS_POSTFIX",
    .synopsis =
        "[--config DIR] [--strict] [--loopback yes|no|auto]\n      [--runtime [--netns NAME|PATH]]",
    .purpose =
        "Checks where Postfix listens: every inet service of master.cf, on the addresses of\n"
        "main.cf's inet_interfaces (or on the host a service names, as in 127.0.0.1:10025),\n"
        "read with Postfix's own rules: continuation lines, the last assignment wins, $name\n"
        "expansion, built-in defaults (inet_interfaces = all, inet_protocols = all) and\n"
        "master_service_disable. In a guest, inet_interfaces = loopback-only stops Postfix\n"
        "from starting: a guest has no loopback interface. On the host, \"all\" answers on\n"
        "port 25 of every guest without its own mail server. The effective inet_interfaces\n"
        "is always shown, with the main.cf line that sets it (or \"default\").",
    .details =
        "--config names the Postfix configuration directory (main.cf and master.cf), or its\n"
        "main.cf; default /etc/postfix, under --root, or inside the guest's root with --guest.\n"
        "Host: a wildcard (inet_interfaces = all) is CRITICAL, so is a guest's address;\n"
        "loopback-only and the host's own addresses are OK. Guest: a loopback-only\n"
        "inet_interfaces or a service pinned to loopback is CRITICAL unless the guest has\n"
        "loopback (nflags lback_remap or lback_allow, or --loopback yes); an address the\n"
        "guest does not own is CRITICAL; all is OK (WARNING with --strict). A host name is\n"
        "WARNING (not resolved). What makes Postfix refuse to start is CRITICAL: a syntax\n"
        "error, an expansion loop, \"ALL\" or \"Loopback-Only\" (Postfix 3.7 wants lower case),\n"
        "an address of a protocol inet_protocols disables. An unknown service name in\n"
        "master.cf is WARNING. A missing main.cf or master.cf is UNKNOWN.\n"
        "Perfdata: endpoints (configured binds), wildcard, violations (-w/-c apply to it).",
    .examples =
        "  check_vs_postfix\n"
        "      this machine; on a host, CRITICAL for inet_interfaces = all\n"
        "  check_vs_postfix --guest mail\n"
        "      guest mail's Postfix, read from its root: CRITICAL for loopback-only\n"
        "  check_vs_postfix --role guest --config /etc/postfix-out\n"
        "      run inside a guest, for a second Postfix instance\n",
    .metric = "violations (binds the policy rejects)",
};

const vs::policy::ServiceSpec kService{
    .noun = "Postfix",
    .process_names = vs::registry::check_vs_postfix.process_names(),
    .alternatives = vs::registry::check_vs_postfix.fallback_configs()};

// --config is the directory; a path to main.cf works too.
std::string config_dir(const vs::fs::Tree& tree, const std::string& path) {
  return tree.stat(path).is_regular ? vs::fs::dirname(path) : path;
}

std::string effective_value(const postfix::Interfaces& i) {
  std::string text = "inet_interfaces = " + i.value;
  if (i.written != i.value) text += " (written: " + i.written + ")";
  return text;
}

vs::policy::ServiceConfig read_postfix(const vs::policy::Scope& scope, const std::string& path) {
  const std::string dir = config_dir(scope.tree, path);
  const auto main_text = scope.tree.read(vs::fs::join(dir, "main.cf"));
  const auto master_text = scope.tree.read(vs::fs::join(dir, "master.cf"));
  const auto plan =
      postfix::plan_listeners(postfix::parse_main_cf(main_text.content, main_text.path),
                              postfix::parse_master_cf(master_text.content, master_text.path));

  vs::policy::ServiceConfig out;
  out.files_read = {main_text.path, master_text.path};
  // A bind names its service and address; the always-shown inet_interfaces line
  // says where an address without a host in master.cf comes from.
  for (const auto& l : plan.listeners) {
    out.endpoints.push_back({l.endpoint, l.where, l.service + " " + l.endpoint.str()});
  }
  for (const auto& p : plan.problems) {
    if (p.fatal) {
      out.notes.push_back({Status::critical, p.where, p.message + "; Postfix will not start"});
    } else {
      out.notes.push_back({Status::warning, p.where, p.message});
    }
  }
  const bool guest_without_loopback = scope.is_guest() && !scope.policy.has_loopback();
  if (guest_without_loopback && postfix::loopback_only(plan.interfaces)) {
    out.notes.push_back({Status::critical, plan.interfaces.where,
                         std::string(kNoLoopback) + " (inet_interfaces = " + plan.interfaces.value +
                             "): use all or the guest's own address",
                         -1, kNoLoopback});
  }
  out.notes.push_back(
      ConfigNote{Status::ok, plan.interfaces.where, effective_value(plan.interfaces), 0});
  return out;
}

// The seed's lesson is the headline when it applies, before the per-bind detail.
void lead_with_no_loopback(Result& result) {
  for (const auto& f : result.findings) {
    if (f.text.rfind(kNoLoopback, 0) == 0) {
      result.summary = f.brief;
      return;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  vs::plugin::Plugin plugin(kSpec);
  vs::policy::ServiceOptions service;
  vs::policy::add_service_options(plugin, service, vs::registry::check_vs_postfix.default_config());
  return plugin.run(argc, argv, [&](const StandardOptions& o) {
    Result result = vs::policy::check_service(o, service, kService, read_postfix);
    lead_with_no_loopback(result);
    return result;
  });
}
