#include "app/logging.hpp"

#include <boost/log/core.hpp>
#include <boost/log/expressions.hpp>
#include <boost/log/support/date_time.hpp>
#include <boost/log/utility/setup/common_attributes.hpp>
#include <boost/log/utility/setup/console.hpp>
#include <iostream>

namespace kontaktdata::app {

namespace logging = boost::log;
namespace expr = boost::log::expressions;

void init_logging(const std::string& level) {
  logging::trivial::severity_level sev = logging::trivial::info;
  if (level == "trace") sev = logging::trivial::trace;
  if (level == "debug") sev = logging::trivial::debug;
  if (level == "warning") sev = logging::trivial::warning;
  if (level == "error") sev = logging::trivial::error;
  logging::add_common_attributes();
  logging::add_console_log(
      std::clog, logging::keywords::auto_flush = true,
      logging::keywords::format =
          (expr::stream << expr::format_date_time<boost::posix_time::ptime>("TimeStamp",
                                                                            "%Y-%m-%dT%H:%M:%S.%f")
                        << " " << logging::trivial::severity << " " << expr::smessage));
  logging::core::get()->set_filter(logging::trivial::severity >= sev);
}

}  // namespace kontaktdata::app
