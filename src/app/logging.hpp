#pragma once

#include <string>

#include <boost/log/trivial.hpp>

namespace kontaktdata::app {

/// Sets up Boost.Log once: one console sink (stderr), one line per record with time, level and
/// message. Everything else only includes <boost/log/trivial.hpp>.
void init_logging(const std::string& level);

}  // namespace kontaktdata::app

#define KD_LOG(sev) BOOST_LOG_TRIVIAL(sev)
