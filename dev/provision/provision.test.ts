import { NEEDS, provision, type Need } from './provision';

function need(name: string, present: () => boolean, extra: Partial<Need> = {}): Need {
  return { name, present, manual: `install ${name} by hand`, ...extra };
}

describe('provision', () => {
  it('does nothing for what is already present', async () => {
    const download = jest.fn(async () => undefined);
    await provision([need('present-thing', () => true, { download })]);
    expect(download).not.toHaveBeenCalled();
  });

  it('falls back to the download when no package manager can install it, and checks it is there afterwards', async () => {
    let installed = false;
    await provision([need('downloadable', () => installed, { download: async () => void (installed = true) })]);
    expect(installed).toBe(true);
  });

  it('names the command to run by hand for every need it could not provide, in one message', async () => {
    const failing = [need('first-missing', () => false), need('second-missing', () => false, { download: async () => Promise.reject(new Error('offline')) })];
    await expect(provision(failing)).rejects.toThrow(/install first-missing by hand[\s\S]*install second-missing by hand/);
  });

  it('finds what this machine has (npm test provisioned it before Jest started)', () => {
    expect({ nats: NEEDS.nats.present(), java: NEEDS.java.present(), firestore: NEEDS.firestore.present() }).toEqual({
      nats: true,
      java: true,
      firestore: true,
    });
  });
});
