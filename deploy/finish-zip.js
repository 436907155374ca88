'use strict';
// A local osls plugin: once serverless-python-requirements has put the libraries into the zip, finish it with the
// runtime's own Python (deploy/finish_zip.py): the validated content snapshot, and unchecked-hash bytecode for every
// .py (what `compileall --invalidation-mode unchecked-hash` writes). Lambda's /var/task is read-only, so without
// them every cold start would compile the code and parse the YAML again.
const { execFileSync } = require('child_process');
const path = require('path');

class FinishZip {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'after:package:createDeploymentArtifacts': () => this.finish() };
  }

  finish() {
    const service = this.serverless.service;
    const dir = this.serverless.serviceDir || this.serverless.config.servicePath;
    const artifact = service.package.artifact || path.join(dir, '.serverless', `${service.service}.zip`);
    const python = ((service.custom || {}).pythonRequirements || {}).pythonBin || 'python3';
    const out = execFileSync(python, [path.join(__dirname, 'finish_zip.py'), artifact, service.provider.runtime],
      { cwd: dir, encoding: 'utf8' });
    this.serverless.cli.log(out.trim());
  }
}

module.exports = FinishZip;
