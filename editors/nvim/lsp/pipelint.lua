-- pipelint for Neovim 0.11+: copy this file to ~/.config/nvim/lsp/pipelint.lua (or any `lsp/` directory on
-- 'runtimepath') and call vim.lsp.enable('pipelint') in your init.lua. Neovim then starts one server per
-- project root (the nearest directory with one of root_markers) and attaches every matching buffer to it.
-- `pipelint-language-server` must be on PATH (npm install -g pipelint, or node_modules/.bin).
return {
  cmd = { 'pipelint-language-server', '--stdio' },
  filetypes = {
    'sql',
    'jinja-sql', -- *.sql.j2, *.sql.jinja: see the vim.filetype.add call in docs/editors.md
    'typescript',
    'typescriptreact',
    'javascript',
    'javascriptreact',
    'python',
  },
  root_markers = { 'pipelint.config.json', '.pipelintrc.json', 'dbt_project.yml', 'package.json', '.git' },
  settings = { pipelint = {} },
}
