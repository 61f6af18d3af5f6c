#include "registry/registre.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>
#include <variant>

namespace kontaktdata::registry {

using domain::Part;
using domain::Registerdata;
using Ur = std::chrono::steady_clock;

namespace {

// A call with less time left than this is not started: it could only time out, and would count
// against the register.
constexpr auto kMindsteRest = std::chrono::milliseconds(5);

bool kun_cifre(const std::string& s, std::size_t laengde) {
  return s.size() == laengde &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool velformet(const Part& p) {
  if (p.type == Part::Type::Cpr) return kun_cifre(p.nummer, 10);
  return kun_cifre(p.nummer, 8) && p.nummer[0] != '0';
}

const char* navn(Part::Type reg) { return reg == Part::Type::Cpr ? "CPR" : "CVR"; }

// One list being looked up. The fields below `svar` are guarded by Impl::mutex.
struct Liste {
  std::vector<Part> parts;  // distinct
  std::string kommune_cvr;
  std::optional<std::string> call_id;
  Ur::time_point frist;
  std::vector<std::optional<Registerdata>> svar;
  std::size_t naeste = 0;    // the next part to start
  std::size_t faerdige = 0;  // parts whose call (or decision not to call) is over
  bool opgivet = false;      // the caller has returned: start no more calls
  std::condition_variable faerdig;
};

}  // namespace

bool er_svar(const Opslag& opslag) noexcept { return std::holds_alternative<Registerdata>(opslag); }

struct Registeropslag::Impl {
  Impl(CprKlient cpr_, CvrKlient cvr_, Registerindstillinger ind, Registerlog log_,
       const Afbryder::Klokke& klokke)
      : cpr(std::move(cpr_)),
        cvr(std::move(cvr_)),
        indstillinger(ind),
        log(std::move(log_)),
        cpr_afbryder(ind.afbryder_fejl, ind.afbryder_aaben, klokke),
        cvr_afbryder(ind.afbryder_fejl, ind.afbryder_aaben, klokke) {}

  const CprKlient cpr;
  const CvrKlient cvr;
  const Registerindstillinger indstillinger;
  const Registerlog log;
  Afbryder cpr_afbryder;
  Afbryder cvr_afbryder;

  std::mutex mutex;
  std::condition_variable arbejde;         // a list was queued, or stop
  std::deque<std::shared_ptr<Liste>> koe;  // lists with parts not started, in rotation
  bool stop = false;
  std::vector<std::thread> arbejdere;

  void skriv(Logniveau niveau, const std::string& linje) const {
    if (!log) return;
    try {
      log(niveau, linje);
    } catch (...) {
      // A failing log sink must not take a lookup down.
    }
  }

  void log_overgang(Part::Type reg, const std::optional<Afbryder::Overgang>& o) const {
    if (!o) return;
    const std::string n = navn(reg);
    std::string linje = n + "-afbryder " + to_string(o->fra) + " -> " + to_string(o->til);
    Logniveau niveau = Logniveau::Info;
    if (o->til == Afbryder::Tilstand::Aaben) {
      niveau = Logniveau::Advarsel;
      linje += o->fra == Afbryder::Tilstand::Halvaaben
                   ? ": prøvekaldet fejlede"
                   : ": " + std::to_string(o->fejl_i_traek) + " fejl i træk";
      linje += "; ingen " + n + "-kald de næste " +
               std::to_string(indstillinger.afbryder_aaben.count()) + " ms";
    } else if (o->til == Afbryder::Tilstand::Halvaaben) {
      linje += ": ét prøvekald";
    } else {
      linje += ": prøvekaldet lykkedes";
    }
    skriv(niveau, linje);
  }

  // One part's lookup, in a worker thread. nullopt: no answer (not called, or failed).
  std::optional<Registerdata> slaa_op_en(const Liste& l, const Part& p) {
    if (!velformet(p)) {
      skriv(Logniveau::Fejlsoegning,
            std::string(navn(p.type)) + "-opslag ikke foretaget: nummeret er ikke velformet");
      return std::nullopt;
    }
    if (Ur::now() + kMindsteRest >= l.frist) return std::nullopt;  // counted by the caller
    Afbryder& afb = p.type == Part::Type::Cpr ? cpr_afbryder : cvr_afbryder;
    const Afbryder::Tilladelse t = afb.tillad();
    log_overgang(p.type, t.overgang);
    if (!t.kald) return std::nullopt;
    Opslag o;
    try {
      o = p.type == Part::Type::Cpr ? cpr.slaa_op(p.nummer, l.kommune_cvr, l.call_id, l.frist)
                                    : cvr.slaa_op(p.nummer, l.kommune_cvr, l.call_id, l.frist);
    } catch (const std::exception& e) {
      o = Registerfejl{Fejlart::Fejl, std::string(navn(p.type)) +
                                          "-opslag fejlede: " + detail::uden_numre(e.what())};
    } catch (...) {
      o = Registerfejl{Fejlart::Fejl, std::string(navn(p.type)) + "-opslag fejlede"};
    }
    const bool svar = er_svar(o);
    const auto overgang = afb.udfald(t, svar);
    if (const auto* f = std::get_if<Registerfejl>(&o)) {
      skriv(Logniveau::Advarsel, std::string(navn(p.type)) + "-opslag " + to_string(f->art) +
                                     (t.proeve ? " (prøvekald)" : "") + ": " +
                                     detail::uden_numre(f->tekst));
    }
    log_overgang(p.type, overgang);
    if (!svar) return std::nullopt;
    return std::get<Registerdata>(std::move(o));
  }

  void arbejd() {
    // This worker's kept-alive connection per register, reused by its calls.
    detail::Forbindelser forbindelser;
    std::unique_lock lock(mutex);
    for (;;) {
      arbejde.wait(lock, [this] { return stop || !koe.empty(); });
      if (stop) return;
      std::shared_ptr<Liste> l = std::move(koe.front());
      koe.pop_front();
      if (l->opgivet || l->naeste >= l->parts.size()) continue;
      const std::size_t i = l->naeste++;
      if (l->naeste < l->parts.size()) koe.push_back(l);  // its next part after the others
      lock.unlock();
      std::optional<Registerdata> svar = slaa_op_en(*l, l->parts[i]);
      lock.lock();
      l->svar[i] = std::move(svar);
      if (++l->faerdige == l->parts.size()) l->faerdig.notify_all();
    }
  }
};

Registeropslag::Registeropslag(CprKlient cpr, CvrKlient cvr, Registerindstillinger indstillinger,
                               Registerlog log, Afbryder::Klokke klokke) {
  if (indstillinger.timeout.count() <= 0) {
    throw std::invalid_argument("registeropslag: timeout skal være positiv");
  }
  if (indstillinger.maks_samtidige < 1 || indstillinger.maks_samtidige > 1024) {
    throw std::invalid_argument("registeropslag: maks_samtidige skal være 1..1024");
  }
  impl_ =
      std::make_unique<Impl>(std::move(cpr), std::move(cvr), indstillinger, std::move(log), klokke);
  impl_->arbejdere.reserve(static_cast<std::size_t>(indstillinger.maks_samtidige));
  try {
    for (int i = 0; i < indstillinger.maks_samtidige; ++i) {
      impl_->arbejdere.emplace_back([impl = impl_.get()] { impl->arbejd(); });
    }
  } catch (...) {
    {
      std::lock_guard lock(impl_->mutex);
      impl_->stop = true;
    }
    impl_->arbejde.notify_all();
    for (auto& t : impl_->arbejdere) t.join();
    throw;
  }
}

Registeropslag::~Registeropslag() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stop = true;
  }
  impl_->arbejde.notify_all();
  for (auto& t : impl_->arbejdere) t.join();
}

const Registerindstillinger& Registeropslag::indstillinger() const noexcept {
  return impl_->indstillinger;
}

Afbryder::Tilstand Registeropslag::afbryder(Part::Type reg) const {
  return reg == Part::Type::Cpr ? impl_->cpr_afbryder.tilstand() : impl_->cvr_afbryder.tilstand();
}

std::vector<std::optional<Registerdata>> Registeropslag::slaa_op(
    const std::vector<Part>& parts, const std::string& kommune_cvr,
    const std::optional<std::string>& callers_service_call_identifier) {
  const auto frist = Ur::now() + impl_->indstillinger.timeout;
  if (parts.empty()) return {};

  // Each distinct part once; `plads[i]` is part i's place among them.
  auto l = std::make_shared<Liste>();
  l->kommune_cvr = kommune_cvr;
  l->call_id = callers_service_call_identifier;
  l->frist = frist;
  std::vector<std::size_t> plads(parts.size());
  {
    std::map<std::pair<Part::Type, std::string>, std::size_t> set;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto [it, ny] = set.try_emplace({parts[i].type, parts[i].nummer}, l->parts.size());
      if (ny) l->parts.push_back(parts[i]);
      plads[i] = it->second;
    }
  }
  l->svar.resize(l->parts.size());

  std::vector<std::optional<Registerdata>> distinkte;
  std::size_t ikke_faerdige = 0;
  {
    std::unique_lock lock(impl_->mutex);
    impl_->koe.push_back(l);
    impl_->arbejde.notify_all();
    l->faerdig.wait_until(lock, frist, [&] { return l->faerdige == l->parts.size(); });
    l->opgivet = true;
    ikke_faerdige = l->parts.size() - l->faerdige;
    distinkte = l->svar;  // a call still in flight writes into `l`, not into the answer
  }
  if (ikke_faerdige > 0) {
    impl_->skriv(Logniveau::Fejlsoegning,
                 std::to_string(ikke_faerdige) + " af " + std::to_string(l->parts.size()) +
                     " registeropslag uden svar ved fristen (" +
                     std::to_string(impl_->indstillinger.timeout.count()) + " ms)");
  }

  std::vector<std::optional<Registerdata>> svar(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) svar[i] = distinkte[plads[i]];
  return svar;
}

}  // namespace kontaktdata::registry
