#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/byte_source.h"
#include "store/migrations.h"
#include "store/sql/connection.h"

namespace embargo::store::sql {

// The database engine a SqlStore runs on: how its connections are opened and what only that
// engine can do (stream a stored file out, copy the whole database). The store's statements are
// the same on every engine except where Connection::dialect() says otherwise.
class Engine {
 public:
  virtual ~Engine() = default;

  // The one connection every write goes through (the store's Writer owns it).
  virtual std::unique_ptr<Connection> open_writer() = 0;
  // A connection for reads only, one per reader of the pool (and one for watching changes).
  virtual std::unique_ptr<Connection> open_reader() = 0;
  // The schema changes of this engine, in version order; a version means the same schema on
  // every engine.
  virtual const std::vector<Migration>& migrations() const = 0;

  // The file of attachments row `rowid`, `size` bytes long, read a piece at a time by whoever
  // downloads it, each piece in a short read of its own.
  virtual std::shared_ptr<ByteSource> attachment(std::int64_t rowid, std::uint64_t size) = 0;
  // Writes a consistent copy of the whole database, as `reader` sees it, into a new file.
  virtual void copy_database(Connection& reader, const std::filesystem::path& path) = 0;

  // Store::hold_job: only an engine shared by several servers has anything to decide.
  virtual bool hold_job(const std::string&) { return true; }
};

}  // namespace embargo::store::sql
