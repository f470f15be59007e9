// ecspresso's Jsonnet native functions (tfstate, must_env). Outside ecspresso (infra/check.sh renders
// these files with the plain jsonnet command) they do not exist: then a lookup renders as a
// "<tfstate:...>" placeholder and variables come from --ext-str, so the check can see that every ARN
// and id is read from the Terraform state and none is pasted.
local native(name) = std.native(name);
{
  tfstate(address)::
    local lookup = native('tfstate');
    if lookup == null then '<tfstate:' + address + '>' else lookup(address),

  mustEnv(name)::
    local lookup = native('must_env');
    if lookup == null then std.extVar(name) else lookup(name),
}
