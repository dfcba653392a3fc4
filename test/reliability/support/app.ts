import type { AddressInfo } from 'node:net';
import { HttpClient, type ExchangeObserver } from './http.js';
import type { TestApp } from '../../support/test-app.js';

/** Puts an in-process test application on a loopback port and gives a client for it. */
export async function listen(sut: TestApp, observers: ExchangeObserver[] = [], connections = 16): Promise<HttpClient> {
  await sut.app.listen(0, '127.0.0.1');
  const { port } = sut.app.getHttpServer().address() as AddressInfo;
  return new HttpClient(port, observers, connections);
}
