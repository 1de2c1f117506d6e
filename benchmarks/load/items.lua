-- SPDX-License-Identifier: Apache-2.0
-- wrk script: GET /items/N for random N, so a routed server sees many paths under one route template
request = function()
  return wrk.format("GET", "/items/" .. math.random(1, 100000))
end
