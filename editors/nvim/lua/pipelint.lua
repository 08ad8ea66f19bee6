-- pipelint for Neovim 0.7 to 0.10 (and 0.11+ without vim.lsp.enable): require('pipelint').setup().
-- Starts one language server per project root, found from the same root markers as lsp/pipelint.lua, and
-- attaches every buffer of the listed file types under that root to it. Options override lsp/pipelint.lua.
local M = {}

local function defaults()
  local here = debug.getinfo(1, 'S').source:sub(2)
  local dir = vim.fn.fnamemodify(here, ':p:h:h')
  return dofile(dir .. '/lsp/pipelint.lua')
end

--- The nearest directory at or above `path` holding one of `markers`; the file's own directory when none does.
local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    for _, marker in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return vim.fn.fnamemodify(path, ':p:h') end
    dir = parent
  end
end

M.filetypes = {
  pattern = {
    ['.*%.sql%.j2'] = 'jinja-sql',
    ['.*%.sql%.jinja'] = 'jinja-sql',
  },
}

--- Root directory -> client id, so that a second buffer under the same root reuses the running server.
M.clients = {}

function M.attach(bufnr, config)
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' then return end
  local root = find_root(path, config.root_markers)
  local id = M.clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = 'pipelint',
      cmd = config.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      settings = config.settings,
    })
    if id == nil then return end
    M.clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

function M.setup(options)
  local config = vim.tbl_deep_extend('force', defaults(), options or {})
  vim.filetype.add(M.filetypes)
  local group = vim.api.nvim_create_augroup('pipelint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(args) M.attach(args.buf, config) end,
  })
  return config
end

return M
