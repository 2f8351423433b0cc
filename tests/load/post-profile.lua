-- wrk script: POST one profile (the file named by $PROFILE) to /v1/evaluate, as a client would.
local file = assert(io.open(os.getenv("PROFILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

local failed = 0

function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end
